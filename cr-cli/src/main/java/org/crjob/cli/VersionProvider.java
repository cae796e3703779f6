package org.crjob.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code crjob --version}: the project version and the commit it was built from, which Maven writes into
 * {@code crjob-version.properties} (the commit as {@code git describe} gave it; "unknown" outside a git checkout),
 * and the Java runtime that runs crjob.
 */
public final class VersionProvider implements IVersionProvider {

    static final String RESOURCE = "crjob-version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "crjob " + version() + " (commit " + property("commit") + ")",
            "Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.vm.version") + ")",
        };
    }

    /** The crjob version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return property("version");
    }

    private static String property(String name) {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the crjob jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(name, "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
