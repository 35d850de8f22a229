package dev.modeldeploy.api;

import dev.modeldeploy.api.testing.ChildJvm;
import dev.modeldeploy.api.testing.ChildLargeBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Non-negotiable "bounded memory": a bundle four times larger than the heap publishes, downloads,
 * unpacks, verifies and loads, because every step streams.
 */
class LargeBundleTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void aBundleLargerThanTheHeapPublishesAndLoads() throws Exception {
        Path log = tmp.resolve("child.log");
        Process child = ChildJvm.start(log, List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), ChildLargeBundle.class,
                tmp.resolve("work").toString(), "256");
        ChildJvm.Result result = ChildJvm.await(child, log, 110);
        assertThat(result.exitCode()).as("child output:%n%s", result.output()).isZero();
        assertThat(result.output().lines()).as(result.output()).contains("OK");
    }
}
