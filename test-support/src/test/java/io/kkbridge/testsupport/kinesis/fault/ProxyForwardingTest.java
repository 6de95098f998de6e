package io.kkbridge.testsupport.kinesis.fault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.EntryFault;

/** The proxy between an HTTP client and a stub upstream that records what it receives: no emulator needed. */
class ProxyForwardingTest {

    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 "
            + "Credential=AKIDTEST/20240102/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00ff";

    /** A request as the stub upstream saw it. */
    private record Received(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer upstream;
    private KinesisFaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", this::answerAsStub);
        upstream.start();
        proxy = KinesisFaultProxy.start(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    @Test
    void shouldForwardTheRequestAndRelayTheResponseUnchanged() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(proxy.endpoint().resolve("/some/path?a=1&b=x%20y"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"StreamName\":\"missing\"}"))
                .header("X-Amz-Target", "Kinesis_20131202.DescribeStreamSummary")
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", AUTHORIZATION)
                .header("X-Amz-Date", "20240102T000000Z"));

        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/some/path?a=1&b=x%20y");
        assertThat(new String(request.body(), UTF_8)).isEqualTo("{\"StreamName\":\"missing\"}");
        assertThat(request.header("X-Amz-Target")).isEqualTo("Kinesis_20131202.DescribeStreamSummary");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(request.header("Authorization")).isEqualTo(AUTHORIZATION);
        assertThat(request.header("X-Amz-Date")).isEqualTo("20240102T000000Z");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).contains("stub-request-1");
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException");
        assertThat(new String(response.body(), UTF_8))
                .isEqualTo("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream missing not found\"}");
        assertThat(proxy.counters().of("DescribeStreamSummary"))
                .isEqualTo(new ProxyCounters.OperationCounts(1, 1, Map.of(), 0));
    }

    @Test
    void shouldForwardOnlyTheSurvivingEntriesAndMergeTheResults() throws Exception {
        ProxyFaultPlan plan = ProxyFaultPlan.seeded(5).withThrottledEntries(0.3).withInternalFailureEntries(0.2);
        List<EntryFault> expected = predictedEntryFaults(plan, 20);
        proxy.inject(plan);
        ArrayNode records = ProxyJson.MAPPER.createArrayNode();
        for (int i = 0; i < 20; i++) {
            records.addObject().put("Data", "ZA==").put("PartitionKey", "key-" + i);
        }
        ObjectNode request = ProxyJson.object().put("StreamName", "orders");
        request.set("Records", records);

        HttpResponse<byte[]> response = send(kinesis("PutRecords", ProxyJson.write(request)));

        List<String> survivingKeys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            if (expected.get(i) == EntryFault.NONE) {
                survivingKeys.add("key-" + i);
            }
        }
        assertThat(survivingKeys).hasSizeBetween(1, 19);
        JsonNode forwarded = ProxyJson.parseObject(received.get(0).body()).orElseThrow();
        assertThat(forwarded.get("Records")).extracting(r -> r.get("PartitionKey").textValue())
                .containsExactlyElementsOf(survivingKeys);
        JsonNode answer = ProxyJson.parseObject(response.body()).orElseThrow();
        assertThat(answer.get("FailedRecordCount").intValue()).isEqualTo(20 - survivingKeys.size());
        for (int i = 0; i < 20; i++) {
            JsonNode entry = answer.get("Records").get(i);
            switch (expected.get(i)) {
                case NONE -> assertThat(entry.get("SequenceNumber").textValue()).isEqualTo("seq-key-" + i);
                case THROTTLED -> assertThat(entry.get("ErrorCode").textValue())
                        .isEqualTo("ProvisionedThroughputExceededException");
                case INTERNAL_FAILURE -> assertThat(entry.get("ErrorCode").textValue()).isEqualTo("InternalFailure");
                default -> throw new IllegalStateException();
            }
        }
        assertThat(proxy.counters().of("PutRecords").entriesFailed()).isEqualTo(20 - survivingKeys.size());
    }

    @Test
    void shouldAnswerInjectedCallFaultsWithoutForwarding() throws Exception {
        proxy.inject(ProxyFaultPlan.seeded(1).withThrottledCalls(1.0));

        HttpResponse<byte[]> response = send(kinesis("PutRecords",
                "{\"StreamName\":\"orders\",\"Records\":[{\"Data\":\"ZA==\",\"PartitionKey\":\"k\"}]}"
                        .getBytes(UTF_8)));

        assertThat(received).isEmpty();
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType"))
                .contains("ProvisionedThroughputExceededException");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
        assertThat(new String(response.body(), UTF_8)).isEqualTo(
                "{\"__type\":\"ProvisionedThroughputExceededException\",\"message\":\"Rate exceeded for shard "
                        + "shardId-000000000000 in stream orders under account 000000000000.\"}");
        assertThat(proxy.counters().of("PutRecords")).isEqualTo(new ProxyCounters.OperationCounts(1, 0,
                Map.of("ProvisionedThroughputExceededException", 1L), 0));
    }

    @Test
    void shouldCountRequestsWithoutAKinesisTargetAsUnroutedAndForwardThem() throws Exception {
        proxy.inject(ProxyFaultPlan.seeded(1).withThrottledCalls(1.0));

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(proxy.endpoint().resolve("/health")).GET());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(received).extracting(Received::method, Received::pathAndQuery).containsExactly(
                tuple("GET", "/health"));
        assertThat(proxy.counters().of(ProxyCounters.UNROUTED).forwarded()).isEqualTo(1);
    }

    @Test
    void shouldAnswerInternalFailureWhenTheEmulatorIsGone() throws Exception {
        upstream.stop(0);

        HttpResponse<byte[]> response = send(kinesis("ListStreams", "{}".getBytes(UTF_8)));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("InternalFailure");
        assertThat(new String(response.body(), UTF_8)).contains("could not forward");
        assertThat(proxy.counters().of("ListStreams").forwarded()).isZero();
    }

    @Test
    void shouldStopListeningWhenClosed() {
        URI endpoint = proxy.endpoint();
        proxy.close();

        assertThatThrownBy(() -> send(HttpRequest.newBuilder(endpoint).GET()))
                .isInstanceOf(ConnectException.class);
    }

    private HttpRequest.Builder kinesis(String operation, byte[] body) {
        return HttpRequest.newBuilder(proxy.endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-Amz-Target", "Kinesis_20131202." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", AUTHORIZATION);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Answers PutRecords with one result per entry, anything else with ResourceNotFoundException. */
    private void answerAsStub(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        URI uri = exchange.getRequestURI();
        received.add(new Received(exchange.getRequestMethod(),
                uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                Map.copyOf(exchange.getRequestHeaders()), body));
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        byte[] answer;
        int status;
        if ("Kinesis_20131202.PutRecords".equals(target)) {
            ObjectNode result = ProxyJson.object().put("FailedRecordCount", 0);
            ArrayNode results = result.putArray("Records");
            ProxyJson.parseObject(body).orElseThrow().get("Records").forEach(entry -> results.addObject()
                    .put("SequenceNumber", "seq-" + entry.get("PartitionKey").textValue())
                    .put("ShardId", "shardId-000000000000"));
            answer = ProxyJson.write(result);
            status = 200;
        } else {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "ResourceNotFoundException");
            answer = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream missing not found\"}"
                    .getBytes(UTF_8);
            status = 400;
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-request-" + received.size());
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private static List<EntryFault> predictedEntryFaults(ProxyFaultPlan plan, int entries) {
        ProxyFaultInjector predictor = new ProxyFaultInjector();
        predictor.apply(plan);
        return predictor.nextEntryFaults(entries);
    }
}
