package io.kkbridge.sandbox.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.kkbridge.streams.serde.Json;

/**
 * docker/connect/register-connectors.sh (the register-connectors service) against a stand-in for Connect's REST API
 * on 127.0.0.1: it PUTs each committed config, retries while the worker rebalances, and waits for RUNNING.
 */
class RegisterConnectorsScriptTest {

    private static final Path REPO = Path.of(System.getProperty("kkbridge.repo.dir", "..")).toAbsolutePath()
            .normalize();
    private static final Path SCRIPT = REPO.resolve("docker/connect/register-connectors.sh");
    private static final Path CONNECTORS = REPO.resolve("sandbox/connectors");

    private HttpServer connect;
    private final Map<String, JsonNode> configs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicInteger rebalancingAnswers = new AtomicInteger();
    private volatile String failingConnector;

    @BeforeEach
    void startConnect() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "the script needs curl");
        connect = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        connect.createContext("/connectors/", this::answer);
        connect.start();
    }

    @AfterEach
    void stopConnect() {
        if (connect != null) {
            connect.stop(0);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        String name = path[2];
        String body;
        int status;
        if (exchange.getRequestMethod().equals("PUT") && path[3].equals("config")) {
            if (rebalancingAnswers.getAndIncrement() == 0) {
                status = 409;
                body = "{\"error_code\":409,\"message\":\"Cannot complete request momentarily due to stale "
                        + "configuration (typically caused by a concurrent config change)\"}";
            } else {
                try (InputStream in = exchange.getRequestBody()) {
                    configs.put(name, Json.MAPPER.readTree(in));
                }
                status = 201;
                body = "{\"name\":\"" + name + "\"}";
            }
        } else if (exchange.getRequestMethod().equals("GET") && path[3].equals("status")) {
            String task = name.equals(failingConnector) ? "FAILED" : "RUNNING";
            status = 200;
            body = "{\"name\":\"" + name + "\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"connect:8083\"},"
                    + "\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"connect:8083\"},"
                    + "{\"id\":1,\"state\":\"" + task + "\",\"worker_id\":\"connect:8083\""
                    + (task.equals("FAILED") ? ",\"trace\":\"ConnectException: stream missing\"" : "")
                    + "}],\"type\":\"sink\"}";
        } else {
            status = 404;
            body = "{\"error_code\":404}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void shouldRegisterEachCommittedConfigAndWaitUntilItRuns() throws Exception {
        Result result = runScript();

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(configs).containsOnlyKeys("firehose-sink", "kinesis-sink", "kinesis-source");
        for (String name : configs.keySet()) {
            JsonNode file = Json.MAPPER.readTree(CONNECTORS.resolve(name + ".json").toFile());
            assertThat(configs.get(name)).as(name).isEqualTo(file.get("config"));
        }
        assertThat(configs.get("kinesis-source").get("aws.endpoint.override").asText())
                .isEqualTo("${env:KINESIS_ENDPOINT}");
        assertThat(result.output()).contains("Registered kinesis-source from " + CONNECTORS.resolve("kinesis-source.json"),
                "Connector firehose-sink and its tasks are RUNNING",
                "Connector kinesis-sink and its tasks are RUNNING",
                "Connector kinesis-source and its tasks are RUNNING");
        assertThat(rebalancingAnswers.get()).isEqualTo(4);
    }

    @Test
    void shouldFailWithConnectsAnswerWhenATaskFails() throws Exception {
        failingConnector = "kinesis-sink";

        Result result = runScript();

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("Connector kinesis-sink failed: {\"name\":\"kinesis-sink\"",
                "ConnectException: stream missing");
    }

    @Test
    void shouldPrintTheConfigObjectOfEachFile() throws Exception {
        for (String name : List.of("firehose-sink", "kinesis-sink", "kinesis-source")) {
            Path file = CONNECTORS.resolve(name + ".json");
            Process process = new ProcessBuilder("bash", SCRIPT.toString(), "--print-config", file.toString())
                    .redirectErrorStream(true).start();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(Json.MAPPER.readTree(printed)).isEqualTo(Json.MAPPER.readTree(file.toFile()).get("config"));
        }
    }

    private record Result(int exit, String output) {
    }

    private Result runScript() throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), CONNECTORS.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONNECT_URL", "http://127.0.0.1:" + connect.getAddress().getPort());
        builder.environment().put("RETRY_PAUSE_SECONDS", "0");
        builder.environment().put("CONNECTOR_TIMEOUT_SECONDS", "10");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
