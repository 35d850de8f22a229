package dev.modeldeploy.runtime.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * How a batch run is executed: chunk size, worker threads, queue bound, reject budget, retries.
 * Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param chunkSize      records per chunk (one {@code predictBatch} call and one commit each)
 * @param threads        worker threads that preprocess, predict and commit chunks in parallel; with fewer
 *                       than the machine's cores a reader thread reads ahead of them, with as many or more
 *                       they take turns reading the source themselves
 * @param queueCapacity  chunks read ahead at most (when a reader thread reads ahead); memory stays flat
 *                       whatever the input size
 * @param maxRejects     rejected records allowed before the run fails ({@code Long.MAX_VALUE}: no limit)
 * @param maxRejectShare share of read records allowed to be rejected (1.0: no limit), checked once
 *                       {@code minRecordsForShare} records were read and at the end
 * @param minRecordsForShare records to read before the share budget is checked
 * @param chunkRetry     retries of a failing chunk read or commit (transient failures only by default); a
 *                       failed read reopens the source after the chunks already read
 * @param runRetry       retries of the whole run; each attempt resumes after the committed chunks
 * @param progressInterval the least time between two progress events (0: after every chunk)
 */
public record BatchConfig(int chunkSize, int threads, int queueCapacity, long maxRejects, double maxRejectShare,
                          long minRecordsForShare, RetryConfig chunkRetry, RetryConfig runRetry, Duration progressInterval) {
    public BatchConfig {
        if (chunkSize < 1 || threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("chunk size, threads and queue capacity must be >= 1");
        }
        if (maxRejects < 0 || maxRejectShare < 0 || maxRejectShare > 1 || minRecordsForShare < 0) {
            throw new IllegalArgumentException("reject budget must be >= 0 (and the share <= 1)");
        }
        Objects.requireNonNull(chunkRetry, "chunkRetry");
        Objects.requireNonNull(runRetry, "runRetry");
        Objects.requireNonNull(progressInterval, "progressInterval");
    }

    /** Defaults: 1,000-record chunks, one thread, no reject budget, 3 attempts per chunk, one run attempt. */
    public static BatchConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link BatchConfig}. Not thread-safe. */
    public static final class Builder {
        private int chunkSize = 1000;
        private int threads = 1;
        private int queueCapacity;
        private long maxRejects = Long.MAX_VALUE;
        private double maxRejectShare = 1.0;
        private long minRecordsForShare = 1000;
        private RetryConfig chunkRetry = RetryConfig.DEFAULT;
        private RetryConfig runRetry = RetryConfig.none();
        private Duration progressInterval = Duration.ofSeconds(1);

        private Builder() {
        }

        public Builder chunkSize(int records) {
            this.chunkSize = records;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Chunks read ahead at most (default: twice the threads). */
        public Builder queueCapacity(int chunks) {
            this.queueCapacity = chunks;
            return this;
        }

        public Builder maxRejects(long records) {
            this.maxRejects = records;
            return this;
        }

        public Builder maxRejectShare(double share) {
            this.maxRejectShare = share;
            return this;
        }

        public Builder minRecordsForShare(long records) {
            this.minRecordsForShare = records;
            return this;
        }

        public Builder chunkRetry(RetryConfig retry) {
            this.chunkRetry = retry;
            return this;
        }

        /** Attempts of the whole run (default 1: no rerun). */
        public Builder runRetry(RetryConfig retry) {
            this.runRetry = retry;
            return this;
        }

        public Builder progressInterval(Duration interval) {
            this.progressInterval = interval;
            return this;
        }

        public BatchConfig build() {
            return new BatchConfig(chunkSize, threads, queueCapacity > 0 ? queueCapacity : 2 * threads, maxRejects,
                    maxRejectShare, minRecordsForShare, chunkRetry, runRetry, progressInterval);
        }
    }
}
