package org.crjob.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code crjob --version}: the project version, which Maven writes into {@code crjob-version.properties},
 * and the Java runtime that runs crjob.
 */
public final class VersionProvider implements IVersionProvider {

    static final String RESOURCE = "crjob-version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "crjob " + version(),
            "Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.vm.version") + ")",
        };
    }

    /** The crjob version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the crjob jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
