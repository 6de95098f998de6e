package io.kkbridge.sandbox.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.kkbridge.streams.serde.Json;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so this checks its structure against the repository:
 * the services, pinned images, ports on loopback, mounted and copied files that exist, a start order that can
 * happen, and the AWS resources, topics and variables the committed connector configs need. Where the
 * {@code docker compose} CLI exists, {@code docker compose config} validates the file too.
 */
class DockerComposeFileTest {

    private static final Path REPO = Path.of(System.getProperty("kkbridge.repo.dir", "..")).toAbsolutePath()
            .normalize();
    private static final Pattern PINNED_TAG = Pattern.compile("[\\w./-]+:\\d+(\\.\\d+)*([._-][\\w.]+)*");

    private static JsonNode services;
    private static String dockerfile;
    private static List<JsonNode> connectors;

    @BeforeAll
    static void read() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("docker-compose.yml").toFile());
        services = compose.get("services");
        dockerfile = Files.readString(REPO.resolve("docker/Dockerfile"), StandardCharsets.UTF_8);
        connectors = new ArrayList<>();
        try (var files = Files.list(REPO.resolve("sandbox/connectors"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                connectors.add(Json.MAPPER.readTree(file.toFile()));
            }
        }
    }

    @Test
    void shouldHaveEveryServiceOfThePipeline() {
        assertThat(names(services)).containsExactlyInAnyOrder("kafka", "kafka-init", "localstack", "connect",
                "register-connectors", "streams-app", "generator-user-activity", "generator-events");
        assertThat(connectors).extracting(c -> c.get("name").asText())
                .containsExactly("firehose-sink", "kinesis-sink", "kinesis-source");
    }

    @Test
    void shouldPinEveryImageAndUseTheProjectsKafkaVersion() throws IOException {
        for (String name : names(services)) {
            JsonNode service = services.get(name);
            assertThat(service.has("image")).as("%s names its image", name).isTrue();
            String image = service.get("image").asText();
            assertThat(image).as("%s: image pinned to a version, not latest", name).matches(PINNED_TAG);
        }
        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?").matcher(dockerfile);
        Set<String> stages = new HashSet<>();
        int bases = 0;
        while (from.find()) {
            assertThat(from.group(1)).as("Dockerfile base image").matches(PINNED_TAG);
            stages.add(from.group(2));
            bases++;
        }
        assertThat(bases).isEqualTo(4);
        assertThat(stages).contains("build", "connect", "streams-app", "kkb");

        String kafkaVersion = property(Files.readString(REPO.resolve("pom.xml")), "kafka.version");
        assertThat(services.get("kafka").get("image").asText()).isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(services.get("kafka-init").get("image").asText()).isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(dockerfile).contains("FROM apache/kafka:" + kafkaVersion + " AS connect");
    }

    @Test
    void shouldBuildTheProjectsImagesFromStagesOfTheDockerfile() {
        Map<String, String> targets = new LinkedHashMap<>();
        for (String name : names(services)) {
            JsonNode build = services.get(name).get("build");
            if (build == null) {
                continue;
            }
            assertThat(REPO.resolve(build.get("context").asText())).as("%s build context", name).isDirectory();
            assertThat(REPO.resolve(build.get("context").asText()).resolve(build.get("dockerfile").asText()).normalize())
                    .as("%s dockerfile", name).isEqualTo(REPO.resolve("docker/Dockerfile"));
            String target = build.get("target").asText();
            assertThat(dockerfile).as("%s target", name).containsPattern("(?m)^FROM \\S+ AS " + target + "$");
            String image = services.get(name).get("image").asText();
            String earlier = targets.putIfAbsent(image, target);
            assertThat(earlier == null || earlier.equals(target)).as("image %s from one target", image).isTrue();
        }
        assertThat(targets).containsOnlyKeys("kkbridge/connect:0.1.0-SNAPSHOT", "kkbridge/streams-app:0.1.0-SNAPSHOT",
                "kkbridge/kkb:0.1.0-SNAPSHOT");
        assertThat(services.get("streams-app").get("build").get("target").asText()).isEqualTo("streams-app");
        assertThat(dockerfile).contains("\"io.kkbridge.streams.app.StreamsApp\"",
                "\"io.kkbridge.sandbox.tools.KkbTools\"");
    }

    @Test
    void shouldCopyOnlyFilesOfTheRepositoryIntoImages() {
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(?!--from)(.+)$").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            String[] parts = copy.group(1).trim().split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                assertThat(REPO.resolve(parts[i])).as("COPY source %s", parts[i]).exists();
            }
            copies++;
        }
        assertThat(copies).isEqualTo(3);
        assertThat(dockerfile).contains("-Dkkbridge.emulators.skip=true", "kkbridge-connectors-*-plugin.zip");
        assertThat(REPO.resolve(".dockerignore")).content().contains("**/target", "**/node_modules", ".git");
    }

    @Test
    void shouldPublishPortsOnLoopbackOnly() {
        Map<String, List<String>> ports = new LinkedHashMap<>();
        for (String name : names(services)) {
            JsonNode list = services.get(name).get("ports");
            if (list != null) {
                List<String> entries = new ArrayList<>();
                list.forEach(p -> entries.add(p.asText()));
                ports.put(name, entries);
            }
        }
        assertThat(ports).containsExactly(
                Map.entry("kafka", List.of("127.0.0.1:9092:9092")),
                Map.entry("localstack", List.of("127.0.0.1:4566:4566")),
                Map.entry("connect", List.of("127.0.0.1:8083:8083")));
        assertThat(services.get("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText())
                .contains("EXTERNAL://localhost:9092");
    }

    @Test
    void shouldMountOnlyFilesAndFoldersThatExistAndRunWhatItMounts() throws IOException {
        int mounts = 0;
        for (String name : names(services)) {
            JsonNode volumes = services.get(name).get("volumes");
            if (volumes == null) {
                continue;
            }
            for (JsonNode volume : volumes) {
                String[] parts = volume.asText().split(":");
                assertThat(parts[0]).as("%s mounts a repository path", name).startsWith("./");
                Path host = REPO.resolve(parts[0]);
                assertThat(host).as("%s mount %s", name, parts[0]).exists();
                if (Files.isRegularFile(host) && host.toString().endsWith(".sh")) {
                    assertThat(Files.isExecutable(host)).as("%s is executable", parts[0]).isTrue();
                    assertThat(Files.readString(host)).startsWith("#!/usr/bin/env bash\n");
                }
                mounts++;
            }
        }
        assertThat(mounts).isEqualTo(3);
        assertThat(text(services.get("kafka-init").get("entrypoint"))).endsWith("/opt/kkbridge/create-topics.sh");
        assertThat(text(services.get("kafka-init").get("volumes")))
                .contains("./docker/kafka/create-topics.sh:/opt/kkbridge/create-topics.sh:ro");
        assertThat(text(services.get("localstack").get("volumes")))
                .contains("./docker/localstack/init-aws.sh:/etc/localstack/init/ready.d/init-aws.sh:ro");
        assertThat(text(services.get("register-connectors").get("volumes")))
                .contains("./sandbox/connectors:/connectors:ro");
        assertThat(text(services.get("register-connectors").get("entrypoint")))
                .contains("/opt/kkbridge/register-connectors.sh /connectors");
        assertThat(dockerfile).contains("COPY docker/connect/register-connectors.sh /opt/kkbridge/register-connectors.sh");
    }

    @Test
    void shouldStartInAnOrderThatCanHappen() {
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        for (String name : names(services)) {
            JsonNode dependsOn = services.get(name).get("depends_on");
            Set<String> targets = new LinkedHashSet<>();
            if (dependsOn != null) {
                for (String target : names(dependsOn)) {
                    assertThat(services.has(target)).as("%s depends on an existing %s", name, target).isTrue();
                    String condition = dependsOn.get(target).get("condition").asText();
                    switch (condition) {
                        case "service_healthy" -> assertThat(services.get(target).has("healthcheck"))
                                .as("%s waits for %s to be healthy: it needs a health check", name, target).isTrue();
                        case "service_completed_successfully" -> assertThat(
                                services.get(target).get("restart").asText())
                                .as("%s waits for one-shot %s", name, target).isEqualTo("no");
                        case "service_started" -> { }
                        default -> throw new AssertionError(name + ": unknown condition " + condition);
                    }
                    targets.add(target);
                }
            }
            edges.put(name, targets);
        }
        assertThat(startOrder(edges)).containsSubsequence("kafka", "kafka-init", "register-connectors",
                "generator-user-activity");
        assertThat(edges.get("register-connectors")).containsExactlyInAnyOrder("connect", "localstack", "kafka-init");
        assertThat(edges.get("streams-app")).containsExactly("kafka-init");
        assertThat(edges.get("generator-events")).containsExactly("register-connectors");
        for (String name : List.of("kafka", "localstack", "connect")) {
            assertThat(services.get(name).get("healthcheck").get("test").get(0).asText()).isEqualTo("CMD-SHELL");
        }
        assertThat(services.get("localstack").get("healthcheck").get("test").get(1).asText())
                .contains("/_localstack/init/ready", "SUCCESSFUL");
    }

    @Test
    void shouldGiveConnectEveryVariableTheConnectorConfigsReadAndTheWorkerConfigTheyNeed() throws IOException {
        Set<String> referenced = new TreeSet<>();
        Pattern env = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
        for (JsonNode connector : connectors) {
            Matcher m = env.matcher(connector.toString());
            while (m.find()) {
                referenced.add(m.group(1));
            }
        }
        assertThat(referenced).containsExactly("AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_SECRET_ACCESS_KEY",
                "FIREHOSE_ENDPOINT", "KINESIS_ENDPOINT");
        JsonNode environment = services.get("connect").get("environment");
        for (String name : referenced) {
            assertThat(environment.has(name)).as("connect sets %s", name).isTrue();
            assertThat(environment.get(name).asText()).as("connect's %s", name).isNotBlank();
        }
        assertThat(environment.get("KINESIS_ENDPOINT").asText()).isEqualTo("http://localstack:4566");

        Properties worker = new Properties();
        try (var in = Files.newBufferedReader(REPO.resolve("docker/connect/connect-distributed.properties"))) {
            worker.load(in);
        }
        assertThat(worker.getProperty("config.providers")).isEqualTo("env");
        assertThat(worker.getProperty("config.providers.env.class"))
                .isEqualTo("org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        assertThat(worker.getProperty("key.converter")).isEqualTo("org.apache.kafka.connect.converters.ByteArrayConverter");
        assertThat(worker.getProperty("value.converter"))
                .isEqualTo("org.apache.kafka.connect.converters.ByteArrayConverter");
        assertThat(worker.getProperty("bootstrap.servers")).isEqualTo("kafka:19092");
        assertThat(services.get("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText())
                .contains("INTERNAL://kafka:19092");
        assertThat(dockerfile).contains("COPY --from=build /out/plugins/ " + worker.getProperty("plugin.path") + "/");
        assertThat(worker.getProperty("listeners")).isEqualTo("http://0.0.0.0:8083");
    }

    @Test
    void shouldCreateEveryStreamTopicAndDeliveryStreamTheConnectorsAndGeneratorsUse() throws IOException {
        String aws = Files.readString(REPO.resolve("docker/localstack/init-aws.sh"));
        String topics = Files.readString(REPO.resolve("docker/kafka/create-topics.sh"));
        JsonNode source = connector("kinesis-source").get("config");
        JsonNode kinesisSink = connector("kinesis-sink").get("config");
        JsonNode firehoseSink = connector("firehose-sink").get("config");

        Set<String> streams = new TreeSet<>(List.of(source.get("kinesis.streams").asText().split(",")));
        streams.addAll(mappingTargets(kinesisSink.get("kinesis.stream.mapping").asText()));
        for (String generator : List.of("generator-user-activity", "generator-events")) {
            List<String> command = new ArrayList<>();
            services.get(generator).get("command").forEach(c -> command.add(c.asText()));
            assertThat(command.subList(0, 1)).containsExactly("generate");
            streams.add(command.get(command.indexOf("--stream") + 1));
        }
        assertThat(streams).containsExactly("events", "user-activity", "user-activity-international",
                "user-activity-usa");
        for (String stream : streams) {
            assertThat(aws).as("init-aws.sh creates stream %s", stream).containsPattern(
                    "for stream in [^\\n]*(?<![\\w-])" + Pattern.quote(stream) + "(?![\\w-])[^\\n]*; do\\n"
                            + "  awslocal kinesis create-stream");
        }
        for (String delivery : mappingTargets(firehoseSink.get("firehose.delivery.stream.mapping").asText())) {
            assertThat(aws).as("init-aws.sh creates delivery stream %s", delivery)
                    .containsPattern("(?<![\\w-])" + Pattern.quote(delivery) + ":[\\w/-]+/");
        }
        assertThat(aws).contains("awslocal firehose create-delivery-stream", "awslocal s3 mb");

        Set<String> kafkaTopics = new TreeSet<>();
        for (String stream : source.get("kinesis.streams").asText().split(",")) {
            kafkaTopics.add(source.get("kafka.topic.format").asText().replace("${stream}", stream));
        }
        kafkaTopics.addAll(List.of(kinesisSink.get("topics").asText().split(",")));
        kafkaTopics.addAll(List.of(firehoseSink.get("topics").asText().split(",")));
        assertThat(kafkaTopics).containsExactly("events.enriched", "events.raw", "user-activity.international",
                "user-activity.raw", "user-activity.usa");
        for (String topic : kafkaTopics) {
            assertThat(topics).as("create-topics.sh creates %s", topic)
                    .containsPattern("(?<![\\w.-])" + Pattern.quote(topic) + "(?![\\w.-])");
        }
    }

    @Test
    void shouldBeValidForDockerComposeWhereItIsInstalled() throws Exception {
        assumeTrue(run(List.of("docker", "compose", "version")) == 0,
                "the docker compose CLI is not installed here; the checks above stand in for it");
        assertThat(run(List.of("docker", "compose", "-f", REPO.resolve("docker-compose.yml").toString(),
                "config", "--quiet"))).isZero();
    }

    private static int run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }

    private static JsonNode connector(String name) {
        return connectors.stream().filter(c -> c.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    /** The targets of a "from:to,from:to" mapping. */
    private static List<String> mappingTargets(String mapping) {
        List<String> targets = new ArrayList<>();
        for (String pair : mapping.split(",")) {
            targets.add(pair.substring(pair.indexOf(':') + 1).trim());
        }
        return targets;
    }

    /** Services in an order where each comes after what it depends on; fails on a cycle. */
    private static List<String> startOrder(Map<String, Set<String>> edges) {
        List<String> order = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (order.size() < edges.size()) {
            String next = edges.keySet().stream()
                    .filter(s -> !placed.contains(s) && placed.containsAll(edges.get(s)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("depends_on has a cycle among " + edges));
            order.add(next);
            placed.add(next);
        }
        return order;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String text(JsonNode node) {
        List<String> parts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> parts.add(n.asText()));
        } else {
            parts.add(node.asText());
        }
        return String.join(" ", parts);
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as("pom.xml has %s", name).isTrue();
        return m.group(1).trim();
    }
}
