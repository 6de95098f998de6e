package io.kkbridge.testsupport.kinesis.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProxyErrorTest {

    @Test
    void shouldWriteTheAwsJsonErrorShape() {
        ProxyError error = ProxyError.throttled(Optional.of("orders"));

        assertThat(new String(error.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"__type\":\"ProvisionedThroughputExceededException\",\"message\":\"Rate exceeded for shard "
                        + "shardId-000000000000 in stream orders under account 000000000000.\"}");
        assertThat(error.status()).isEqualTo(400);
    }

    @Test
    void shouldAnswerEachFaultWithTheServicesStatusAndCode() {
        assertThat(ProxyError.limitExceeded(Optional.empty()))
                .isEqualTo(new ProxyError(400, "LimitExceededException", "Rate exceeded."));
        assertThat(ProxyError.internalFailure()).extracting(ProxyError::status, ProxyError::type)
                .containsExactly(500, "InternalFailure");
        assertThat(ProxyError.serviceUnavailable()).extracting(ProxyError::status, ProxyError::type)
                .containsExactly(503, "ServiceUnavailable");
        assertThat(ProxyError.unrecognizedClient()).isEqualTo(new ProxyError(400, "UnrecognizedClientException",
                "The security token included in the request is invalid."));
        assertThat(ProxyError.accessDenied("AKIDX", "PutRecords")).extracting(ProxyError::status, ProxyError::type)
                .containsExactly(400, "AccessDeniedException");
        assertThat(ProxyError.accessDenied("AKIDX", "PutRecords").message())
                .startsWith("User: arn:aws:iam::000000000000:user/AKIDX is not authorized to perform: "
                        + "kinesis:PutRecords");
    }

    @Test
    void shouldDateAnExpiredIteratorPastTheFiveMinuteLifetime() {
        ProxyError error = ProxyError.expiredIterator(Instant.parse("2024-01-02T10:00:00Z"));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("ExpiredIteratorException");
        assertThat(error.message()).isEqualTo("Iterator expired. The iterator was created at time "
                + "2024-01-02T09:54:59Z while right now it is 2024-01-02T10:00:00Z which is further in the future "
                + "than the tolerated delay of 300000 milliseconds.");
    }
}
