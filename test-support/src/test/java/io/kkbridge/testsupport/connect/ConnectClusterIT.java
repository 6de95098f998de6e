package io.kkbridge.testsupport.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kkbridge.testsupport.Loopback;

class ConnectClusterIT {

    private static ConnectCluster connect;

    @BeforeAll
    static void start() {
        connect = ConnectCluster.start(1);
    }

    @AfterAll
    static void stop() {
        connect.close();
    }

    @Test
    void shouldListenOnLoopbackOnly() throws Exception {
        assertThat(connect.restUrls()).hasSize(1);
        int restPort = connect.restUrls().get(0).getPort();
        int kafkaPort = Integer.parseInt(connect.bootstrapServers().replaceAll(".*:", ""));
        Loopback.assertNotReachableFromOtherInterfaces(restPort);
        Loopback.assertNotReachableFromOtherInterfaces(kafkaPort);
    }

    @Test
    void shouldListTheConnectorPluginsOnTheClassPath() {
        assertThat(connect.connectorPlugins()).contains(FileStreamSourceConnector.class.getName());
        assertThat(connect.get("connector-plugins")).contains("FileStreamSourceConnector");
    }

    @Test
    void shouldReportValidationErrorsPerKey() {
        ConfigInfos validation = connect.validate(FileStreamSourceConnector.class.getName(), Map.of(
                "name", "no-topic",
                "connector.class", FileStreamSourceConnector.class.getName(),
                "tasks.max", "1",
                "file", "/nonexistent"));

        assertThat(ConnectCluster.errors(validation)).isEqualTo(Map.of(
                "topic", List.of("Missing required configuration \"topic\" which has no default value.")));
        assertThat(validation.errorCount()).isEqualTo(1);
    }

    @Test
    void shouldRunAFileSourceConnectorUntilDeleted(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("lines.txt");
        List<String> lines = List.of("alpha", "beta", "gamma", "delta", "epsilon");
        Files.write(input, lines, StandardCharsets.UTF_8);
        connect.kafka().createTopic("file-lines", 1);

        connect.configureConnector("file-source", Map.of(
                "connector.class", FileStreamSourceConnector.class.getName(),
                "tasks.max", "1",
                "file", input.toString(),
                "topic", "file-lines"));
        ConnectorStateInfo status = connect.awaitConnectorRunning("file-source", 1, Duration.ofSeconds(60));
        List<String> values = StreamSupport.stream(
                        connect.kafka().consume(5, 30_000, "file-lines").spliterator(), false)
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toList());
        connect.deleteConnector("file-source");

        assertThat(status.tasks()).hasSize(1);
        assertThat(values).containsExactlyElementsOf(lines);
        assertThat(connect.embedded().connectors()).doesNotContain("file-source");
    }
}
