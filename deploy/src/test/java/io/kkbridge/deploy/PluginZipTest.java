package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin ZIP DEPLOY.md uploads as the MSK Connect custom plugin: one folder of jars holding everything the
 * connectors need and nothing the worker provides, loadable in a class loader that sees only what a worker has.
 */
class PluginZipTest {

    private static final String VERSION_FOLDER = "kkbridge-connectors-";
    /** What a Connect worker puts on the classpath; a copy inside the plugin shadows or clashes with it. */
    private static final List<String> WORKER_PACKAGES = List.of("org/apache/kafka/", "org/slf4j/");
    private static final List<String> CONNECTORS = List.of("io.kkbridge.connect.kinesis.KinesisSourceConnector",
            "io.kkbridge.connect.kinesis.KinesisSinkConnector", "io.kkbridge.connect.firehose.FirehoseSinkConnector");

    @TempDir
    static Path unpacked;
    private static List<Path> jars;

    @BeforeAll
    static void unpack() throws IOException {
        jars = new ArrayList<>();
        try (ZipFile zip = new ZipFile(zipFile().toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                Path target = unpacked.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(unpacked)).as(entry.getName()).isTrue();
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                jars.add(target);
            }
        }
    }

    static Path zipFile() {
        Path zip = Path.of(System.getProperty("kkbridge.plugin.zip"));
        assertThat(zip).as("the plugin ZIP (mvn package -pl connectors)").isRegularFile();
        return zip;
    }

    @Test
    void shouldHoldOneFolderOfJarsOnly() throws IOException {
        Set<String> topFolders = new TreeSet<>();
        List<String> notJars = new ArrayList<>();
        try (ZipFile zip = new ZipFile(zipFile().toFile())) {
            zip.stream().forEach(entry -> {
                String name = entry.getName();
                topFolders.add(name.substring(0, name.indexOf('/') + 1));
                String inFolder = name.substring(name.indexOf('/') + 1);
                if (!entry.isDirectory() && (inFolder.contains("/") || !inFolder.endsWith(".jar"))) {
                    notJars.add(name);
                }
            });
        }
        assertThat(topFolders).hasSize(1);
        assertThat(topFolders.iterator().next()).startsWith(VERSION_FOLDER);
        assertThat(notJars).isEmpty();
        assertThat(jars).anyMatch(jar -> jar.getFileName().toString().startsWith("kkbridge-connectors-"))
                .anyMatch(jar -> jar.getFileName().toString().startsWith("kinesis-"))
                .anyMatch(jar -> jar.getFileName().toString().startsWith("firehose-"))
                .anyMatch(jar -> jar.getFileName().toString().startsWith("sts-"))
                .anyMatch(jar -> jar.getFileName().toString().startsWith("apache-client-"));
    }

    @Test
    void shouldBundleNoKafkaConnectApiKafkaClientsOrSlf4jClasses() throws IOException {
        List<String> bundled = new ArrayList<>();
        for (Path jar : jars) {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    String name = entry.getName();
                    if (name.endsWith(".class") && WORKER_PACKAGES.stream().anyMatch(name::startsWith)) {
                        bundled.add(jar.getFileName() + "!" + name);
                    }
                }
            }
        }
        assertThat(bundled).isEmpty();
    }

    @Test
    void shouldRegisterTheThreeConnectorsForTheWorkersPluginScan() throws IOException {
        Path connectorsJar = jars.stream()
                .filter(jar -> jar.getFileName().toString().startsWith("kkbridge-connectors-")).findFirst().orElseThrow();
        try (ZipFile jar = new ZipFile(connectorsJar.toFile())) {
            String sources = read(jar, "META-INF/services/org.apache.kafka.connect.source.SourceConnector");
            String sinks = read(jar, "META-INF/services/org.apache.kafka.connect.sink.SinkConnector");
            assertThat(sources.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")))
                    .containsExactly(CONNECTORS.get(0));
            assertThat(sinks.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")))
                    .containsExactlyInAnyOrder(CONNECTORS.get(1), CONNECTORS.get(2));
        }
    }

    /**
     * The connectors and the SDK classes they build clients with load from the ZIP's jars alone, above a parent that
     * has only what a worker has (Connect API, Kafka clients, SLF4J): no class-not-found on MSK Connect.
     */
    @Test
    void shouldLoadAndValidateEachConnectorFromTheZipAlone() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        try (URLClassLoader worker = new URLClassLoader("worker", workerClasspath(), ClassLoader.getPlatformClassLoader());
             URLClassLoader plugin = new URLClassLoader("plugin", urls.toArray(URL[]::new), worker)) {
            // the parent really is a worker's classpath only: the connectors are not on it
            assertThat(worker.loadClass("org.apache.kafka.connect.connector.Connector").getClassLoader())
                    .isSameAs(worker);
            assertThat(worker.getResource(CONNECTORS.get(0).replace('.', '/') + ".class")).isNull();
            for (String file : ConnectorConfigurationTest.connectorFiles()) {
                Map<String, String> config = DeployFiles.connectorConfiguration(DeployFiles.renderedJson(file));
                Class<?> connectorClass = Class.forName(config.get("connector.class"), true, plugin);
                assertThat(connectorClass.getClassLoader()).isSameAs(plugin);
                Object connector = connectorClass.getDeclaredConstructor().newInstance();
                Object validated = connectorClass.getMethod("validate", Map.class).invoke(connector, config);
                List<String> errors = new ArrayList<>();
                for (Object value : (List<?>) validated.getClass().getMethod("configValues").invoke(validated)) {
                    @SuppressWarnings("unchecked")
                    List<String> messages = (List<String>) value.getClass().getMethod("errorMessages").invoke(value);
                    errors.addAll(messages);
                }
                assertThat(errors).as(file).isEmpty();
                assertThat(connectorClass.getMethod("version").invoke(connector)).isNotNull();
            }
            for (String sdkClass : List.of("software.amazon.awssdk.services.kinesis.KinesisClient",
                    "software.amazon.awssdk.services.firehose.FirehoseClient",
                    "software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider",
                    "software.amazon.awssdk.http.apache.ApacheHttpClient",
                    "io.kkbridge.connect.aws.AwsClientFactory")) {
                assertThat(Class.forName(sdkClass, true, plugin).getClassLoader()).as(sdkClass).isSameAs(plugin);
            }
        }
    }

    /** Connect API, Kafka clients and SLF4J jars of this test's classpath: what a Connect 3.7 worker provides. */
    private static URL[] workerClasspath() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("connect-api-") || name.startsWith("kafka-clients-") || name.startsWith("slf4j-api-")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assertThat(urls).hasSize(3);
        return urls.toArray(URL[]::new);
    }

    private static String read(ZipFile jar, String entry) throws IOException {
        ZipEntry found = jar.getEntry(entry);
        assertThat(found).as(entry).isNotNull();
        try (InputStream in = jar.getInputStream(found)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
