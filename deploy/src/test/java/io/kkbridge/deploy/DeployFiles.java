package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The deploy/ folder's files, rendered by deploy/bin/render exactly as DEPLOY.md tells a user to. */
final class DeployFiles {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)}}");

    /** Values of the kind a user fills in; each is shaped like the real thing, so validators judge it as such. */
    static final Map<String, String> SAMPLE_VALUES = sampleValues();

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String CLUSTER_NAME = "kkbridge";
    static final String CLUSTER_UUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {
    }

    private static Map<String, String> sampleValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("AWS_REGION", REGION);
        values.put("AWS_ACCOUNT_ID", ACCOUNT);
        values.put("MSK_CLUSTER_NAME", CLUSTER_NAME);
        values.put("MSK_CLUSTER_UUID", CLUSTER_UUID);
        values.put("MSK_BOOTSTRAP_SERVERS_IAM", "b-1.kkbridge.a1b2c3.c2.kafka.us-east-1.amazonaws.com:9098,"
                + "b-2.kkbridge.a1b2c3.c2.kafka.us-east-1.amazonaws.com:9098");
        values.put("CONNECTOR_SECURITY_GROUP_ID", "sg-0123456789abcdef0");
        values.put("PRIVATE_SUBNET_ID_1", "subnet-0123456789abcdef0");
        values.put("PRIVATE_SUBNET_ID_2", "subnet-0fedcba9876543210");
        values.put("CUSTOM_PLUGIN_ARN", "arn:aws:kafkaconnect:us-east-1:123456789012:custom-plugin/"
                + "kkbridge-connectors/a1b2c3d4-e5f6-4a5b-9c8d-7e6f5a4b3c2d-3");
        values.put("WORKER_CONFIGURATION_ARN", "arn:aws:kafkaconnect:us-east-1:123456789012:worker-configuration/"
                + "kkbridge/b1c2d3e4-f5a6-4b5c-8d9e-0f1a2b3c4d5e-3");
        return Map.copyOf(values);
    }

    static Path dir() {
        return Path.of(System.getProperty("kkbridge.deploy.dir", "."));
    }

    static Path file(String relative) {
        Path path = dir().resolve(relative);
        assertThat(path).as("deploy/%s", relative).isRegularFile();
        return path;
    }

    /** Every file of the material with one of the extensions, outside the build's own folders. */
    static List<Path> materialFiles(String... extensions) {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> !dir().relativize(path).startsWith("target")
                            && !dir().relativize(path).startsWith("src"))
                    .filter(path -> {
                        String name = path.getFileName().toString();
                        for (String extension : extensions) {
                            if (name.endsWith("." + extension)) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TreeSet<String> placeholders(String text) {
        TreeSet<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** What {@code deploy/bin/render FILE} prints with the given environment, and its exit code. */
    record Rendered(int exitCode, String stdout, String stderr) {
    }

    static Rendered runRender(Path path, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder("bash", dir().resolve("bin/render").toString(), path.toString());
        builder.environment().keySet().removeIf(SAMPLE_VALUES::containsKey);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out;
            byte[] err;
            try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("deploy/bin/render did not finish: " + path);
            }
            return new Rendered(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The file rendered with {@link #SAMPLE_VALUES}; fails unless the renderer succeeds and leaves nothing open. */
    static String render(Path path) {
        Rendered rendered = runRender(path, SAMPLE_VALUES);
        assertThat(rendered.exitCode()).as("deploy/bin/render %s: %s", path, rendered.stderr()).isZero();
        assertThat(placeholders(rendered.stdout())).as("placeholders left in %s", path).isEmpty();
        return rendered.stdout();
    }

    static JsonNode renderedJson(String relative) {
        try {
            return JSON.readTree(render(file(relative)));
        } catch (IOException e) {
            throw new AssertionError("deploy/" + relative + " is not JSON after rendering: " + e.getMessage(), e);
        }
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    static Map<String, String> connectorConfiguration(JsonNode createConnectorRequest) {
        Map<String, String> config = new LinkedHashMap<>();
        createConnectorRequest.get("connectorConfiguration").fields()
                .forEachRemaining(entry -> config.put(entry.getKey(), entry.getValue().asText()));
        return config;
    }

    static Properties properties(String relative) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file(relative))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** deploy/kafka/topics.tsv: topic → partitions. */
    static Map<String, Integer> topicsToCreate() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String line : read(file("kafka/topics.tsv")).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            assertThat(columns).as("topics.tsv line '%s'", line).hasSize(2);
            topics.put(columns[0], Integer.parseInt(columns[1]));
        }
        return topics;
    }

    static List<String> connectorFiles() {
        List<String> files = new ArrayList<>();
        for (Path path : materialFiles("json")) {
            if (dir().relativize(path).startsWith("msk-connect")) {
                files.add(dir().relativize(path).toString());
            }
        }
        return files;
    }
}
