package io.kkbridge.testsupport.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw AWS JSON 1.1 exchange, below the SDK: field names, error headers and bodies, protocol checks. */
class FirehoseWireProtocolIT {

    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/firehose/"
            + "aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000";

    @TempDir
    Path deliveryRoot;

    private LocalFirehose firehose;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        firehose = LocalFirehose.start(deliveryRoot);
        firehose.createDeliveryStream(DeliveryStreamConfig.of("raw", "lake"));
    }

    @AfterEach
    void stop() {
        firehose.close();
    }

    @Test
    void shouldAnswerPutRecordBatchWithTheApiReferenceFieldNames() throws Exception {
        String data = Base64.getEncoder().encodeToString("payload".getBytes(UTF_8));

        HttpResponse<String> response = post("Firehose_20150804.PutRecordBatch", SIGNED,
                "{\"DeliveryStreamName\":\"raw\",\"Records\":[{\"Data\":\"" + data + "\"}]}");
        JsonNode body = AwsJson.MAPPER.readTree(response.body());
        firehose.flush();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(body.get("FailedPutCount").isInt()).isTrue();
        assertThat(body.get("FailedPutCount").intValue()).isZero();
        assertThat(body.get("Encrypted").isBoolean()).isTrue();
        assertThat(body.get("RequestResponses").get(0).get("RecordId").isTextual()).isTrue();
        assertThat(firehose.deliveredBytes("raw")).isEqualTo("payload".getBytes(UTF_8));
    }

    @Test
    void shouldSendTimestampsAsEpochSeconds() throws Exception {
        HttpResponse<String> response = post("Firehose_20150804.DescribeDeliveryStream", SIGNED,
                "{\"DeliveryStreamName\":\"raw\"}");

        JsonNode created = AwsJson.MAPPER.readTree(response.body()).at("/DeliveryStreamDescription/CreateTimestamp");
        assertThat(created.isNumber()).isTrue();
        assertThat(created.doubleValue()).isCloseTo(System.currentTimeMillis() / 1000.0,
                org.assertj.core.data.Offset.offset(60.0));
    }

    @Test
    void shouldAnswerErrorsInAwsJsonForm() throws Exception {
        assertError(post("Firehose_20150804.PutRecord", SIGNED,
                        "{\"DeliveryStreamName\":\"nope\",\"Record\":{\"Data\":\"AA==\"}}"),
                400, "ResourceNotFoundException");
        assertError(post("Firehose_20150804.UpdateDestination", SIGNED, "{}"), 400, "InvalidArgumentException");
        assertError(post("Firehose_20150804.ListDeliveryStreams", null, "{}"), 400,
                "MissingAuthenticationTokenException");
        assertError(post("Firehose_20150804.ListDeliveryStreams", SIGNED, "{not json"), 400,
                "SerializationException");
        assertError(post("Firehose_20150804.PutRecord", SIGNED,
                        "{\"DeliveryStreamName\":\"raw\",\"Record\":{\"Data\":\"***\"}}"),
                400, "SerializationException");

        FirehoseCounters counters = firehose.counters();
        assertThat(counters.unroutedCalls()).isEqualTo(1);
        assertThat(counters.calls()).isEqualTo(5);
        assertThat(counters.of(FirehoseOperation.LIST_DELIVERY_STREAMS).errorResponses()).isEqualTo(2);
    }

    @Test
    void shouldRefuseRequestsThatAreNotAwsJson11() throws Exception {
        HttpRequest wrongType = HttpRequest.newBuilder(firehose.endpoint())
                .header("Content-Type", "application/json")
                .header("X-Amz-Target", "Firehose_20150804.ListDeliveryStreams")
                .header("Authorization", SIGNED)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        HttpRequest get = HttpRequest.newBuilder(firehose.endpoint()).GET().build();

        assertError(http.send(wrongType, HttpResponse.BodyHandlers.ofString()), 400, "InvalidArgumentException");
        assertError(http.send(get, HttpResponse.BodyHandlers.ofString()), 400, "InvalidArgumentException");
    }

    private HttpResponse<String> post(String target, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(firehose.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String type) throws Exception {
        JsonNode body = AwsJson.MAPPER.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(body.get("__type").textValue()).isEqualTo(type);
        assertThat(body.get("message").textValue()).isNotBlank();
    }
}
