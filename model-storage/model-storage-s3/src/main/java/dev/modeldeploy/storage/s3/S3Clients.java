package dev.modeldeploy.storage.s3;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the SDK clients of a store: a synchronous client for small objects, downloads and listings,
 * and the SDK's Java-based multipart client for uploads. Credentials are left to the SDK's default
 * provider chain, which each client owns and closes.
 */
final class S3Clients {
    // Parts read ahead of the network per upload; bounds memory and connections per upload.
    private static final int PARTS_IN_FLIGHT = 4;

    private S3Clients() {
    }

    /**
     * One event loop group for every store's uploads, started on first upload. A group of its own per
     * client would cost each store's close() the group's two-second graceful shutdown. The threads are
     * daemons and idle when no upload runs.
     */
    private static final class EventLoops {
        static final SdkEventLoopGroup GROUP = SdkEventLoopGroup.builder()
                .numberOfThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .threadFactory(new ThreadFactory() {
                    private final AtomicInteger count = new AtomicInteger();

                    @Override
                    public Thread newThread(Runnable r) {
                        Thread t = new Thread(r, "modeldeploy-s3-io-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }
                })
                .build();
    }

    static S3Client sync(S3StoreConfig config) {
        return configure(S3Client.builder(), config)
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    static S3AsyncClient multipart(S3StoreConfig config) {
        long part = config.partSizeBytes();
        return configure(S3AsyncClient.builder(), config)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().eventLoopGroup(EventLoops.GROUP).maxConcurrency(PARTS_IN_FLIGHT * 2))
                .multipartEnabled(true)
                .multipartConfiguration(m -> m.thresholdInBytes(part)
                        .minimumPartSizeInBytes(part)
                        .apiCallBufferSizeInBytes(part * PARTS_IN_FLIGHT)
                        .parallelConfiguration(p -> p.maxInFlightParts(PARTS_IN_FLIGHT)))
                .build();
    }

    private static <B extends AwsClientBuilder<B, ?> & S3BaseClientBuilder<B, ?>> B configure(B builder, S3StoreConfig config) {
        builder.region(region(config))
                .forcePathStyle(config.pathStyle())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(config.maxAttempts()).build())
                        .addExecutionInterceptor(new AttemptCounter())
                        .build());
        config.endpoint().ifPresentOrElse(builder::endpointOverride,
                // On AWS itself, a bucket in another region than the configured one still works.
                () -> builder.crossRegionAccessEnabled(true));
        return builder;
    }

    /** The configured region, else the SDK's region chain, else us-east-1 (what S3-compatible servers expect). */
    static Region region(S3StoreConfig config) {
        if (config.region().isPresent()) {
            return Region.of(config.region().get());
        }
        // With a custom endpoint, asking EC2 instance metadata would only add a timeout on laptops.
        AwsRegionProvider chain = config.endpoint().isPresent()
                ? new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                : DefaultAwsRegionProviderChain.builder().build();
        try {
            return chain.getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }
}
