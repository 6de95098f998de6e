package io.kkbridge.connect;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The plugin's version, from the {@code pom.properties} Maven puts into the jar, so it cannot drift from the build.
 * Running from classes (unit tests, an IDE) there is no such file, and the version is {@value #UNKNOWN}.
 */
public final class PluginVersion {

    public static final String UNKNOWN = "unknown";

    private static final String POM_PROPERTIES = "/META-INF/maven/io.kkbridge/kkbridge-connectors/pom.properties";
    private static final String VERSION = load();

    private PluginVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PluginVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            return version == null || version.isBlank() ? UNKNOWN : version.trim();
        } catch (IOException e) {
            return UNKNOWN; // a version is not worth failing a connector for
        }
    }
}
