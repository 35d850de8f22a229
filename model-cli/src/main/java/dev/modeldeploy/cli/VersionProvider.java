package dev.modeldeploy.cli;

import dev.modeldeploy.api.format.ModelFormats;
import dev.modeldeploy.api.store.ModelStoreProvider;
import picocli.CommandLine.IVersionProvider;

import java.util.ServiceLoader;
import java.util.TreeSet;

/** What {@code modeldeploy --version} prints: the release, the Java runtime, and the stores and formats in the jar. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        ClassLoader loader = Main.class.getClassLoader();
        TreeSet<String> stores = new TreeSet<>();
        ServiceLoader.load(ModelStoreProvider.class, loader).forEach(p -> stores.add(p.scheme() + ":"));
        TreeSet<String> formats = new TreeSet<>(ModelFormats.installed(loader).names());
        return new String[] {
                "modeldeploy " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")",
                "stores: " + (stores.isEmpty() ? "none" : String.join(" ", stores)),
                "formats: " + (formats.isEmpty() ? "none" : String.join(" ", formats)),
        };
    }
}
