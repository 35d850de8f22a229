package dev.modeldeploy.runtime.monitor;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Micrometer is optional: the runtime, monitoring included, runs in a class loader that lacks it. */
class WithoutMicrometerTest {

    @Test
    void theRuntimeServesRunsAndMonitorsWithoutMicrometerOnTheClassPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (e.contains("/io/micrometer/") || e.contains("/org/hdrhistogram/") || e.contains("/org/latencyutils/")) {
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                Object out = loader.loadClass(WithoutMicrometer.class.getName()).getMethod("run").invoke(null);
                assertThat(out).isEqualTo("online 100, batch SUCCEEDED 100, features missing 0");
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }
}
