package io.kkbridge.testsupport.kinesis.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProxyRequestTest {

    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 "
            + "Credential=AKIAEXAMPLE/20240102/us-east-1/kinesis/aws4_request, "
            + "SignedHeaders=amz-sdk-invocation-id;host;x-amz-date;x-amz-target, Signature=abc123";

    @Test
    void shouldReadTheOperationFromTheKinesisTarget() {
        assertThat(ProxyRequest.operationOf("Kinesis_20131202.PutRecords")).contains("PutRecords");
        assertThat(ProxyRequest.operationOf("Firehose_20150804.PutRecord")).isEmpty();
        assertThat(ProxyRequest.operationOf("Kinesis_20131202.")).isEmpty();
        assertThat(ProxyRequest.operationOf(null)).isEmpty();
    }

    @Test
    void shouldReadTheAccessKeyIdFromASigV4Authorization() {
        assertThat(ProxyRequest.accessKeyIdOf(AUTHORIZATION)).contains("AKIAEXAMPLE");
        assertThat(ProxyRequest.accessKeyIdOf("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc")).isEmpty();
        assertThat(ProxyRequest.accessKeyIdOf(null)).isEmpty();
    }

    @Test
    void shouldLookUpHeadersWhateverTheirCase() {
        ProxyRequest request = new ProxyRequest("POST", "/", Map.of(
                "X-amz-target", List.of("Kinesis_20131202.GetRecords"),
                "authorization", List.of(AUTHORIZATION)), new byte[0]);

        assertThat(request.operation()).contains("GetRecords");
        assertThat(request.accessKeyId()).contains("AKIAEXAMPLE");
        assertThat(request.header("X-AMZ-TARGET")).contains("Kinesis_20131202.GetRecords");
    }

    @Test
    void shouldNameTheStreamFromStreamNameOrStreamArn() {
        assertThat(withBody("{\"StreamName\":\"orders\",\"Records\":[]}").streamName()).contains("orders");
        assertThat(withBody("{\"StreamARN\":\"arn:aws:kinesis:eu-west-1:123456789012:stream/clicks\"}")
                .streamName()).contains("clicks");
        assertThat(withBody("{\"ShardIterator\":\"AAAA\"}").streamName()).isEmpty();
        assertThat(withBody("not json").streamName()).isEmpty();
    }

    private static ProxyRequest withBody(String body) {
        return new ProxyRequest("POST", "/", Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
