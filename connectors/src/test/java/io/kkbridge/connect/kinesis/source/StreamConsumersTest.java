package io.kkbridge.connect.kinesis.source;

import static io.kkbridge.connect.kinesis.source.FakeFanOutProxy.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kkbridge.connect.aws.AwsErrorClassifier;
import io.kkbridge.connect.aws.AwsSettings;
import io.kkbridge.connect.aws.RetryPolicy;
import io.kkbridge.connect.kinesis.source.FakeFanOutProxy.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class StreamConsumersTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T00:00:00Z"));
    private final FakeFanOutProxy fanOut = new FakeFanOutProxy();
    private final List<Long> sleeps = new ArrayList<>();

    private StreamConsumers consumers(boolean register) {
        AwsSettings settings = new KinesisSourceConfig(Map.of("kinesis.streams", "orders", "aws.region",
                "eu-west-1")).awsSettings();
        return new StreamConsumers(fanOut, "bridge", register, RetryPolicy.from(settings),
                new AwsErrorClassifier(settings), clock, millis -> {
                    sleeps.add(millis);
                    clock.advance(millis);
                });
    }

    @Test
    void shouldRegisterAMissingConsumerAndWaitUntilItIsActiveDescribingItOncePerSecond() {
        fanOut.creatingDescribes = 3;

        String arn = consumers(true).ensureActive("orders");

        assertThat(arn).startsWith(FakeFanOutProxy.arnOf("orders") + "/consumer/bridge:");
        assertThat(fanOut.calls(Operation.REGISTER)).isEqualTo(1);
        // not found, then CREATING three times, then ACTIVE
        assertThat(fanOut.calls(Operation.DESCRIBE)).isEqualTo(5);
        assertThat(sleeps).containsExactly(1_000L, 1_000L, 1_000L, 1_000L);
    }

    @Test
    void shouldUseAnActiveConsumerAsItIs() {
        String existing = fanOut.addActiveConsumer("orders", "bridge");

        assertThat(consumers(false).ensureActive("orders")).isEqualTo(existing);
        assertThat(fanOut.calls(Operation.REGISTER)).isZero();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldBackOffWhenTheLowApiLimitsThrottleItAndNeverFailForThat() {
        String existing = fanOut.addActiveConsumer("orders", "bridge");
        for (int i = 0; i < 12; i++) { // more than aws.retry.max.attempts
            fanOut.failNext(Operation.DESCRIBE, error("LimitExceededException", 400, "Rate exceeded"));
        }

        assertThat(consumers(true).ensureActive("orders")).isEqualTo(existing);
        assertThat(sleeps).hasSize(12);
        assertThat(sleeps.get(11)).as("grown to the backoff ceiling").isBetween(5_000L, 10_000L);
    }

    @Test
    void shouldDescribeAgainWhenTheNameIsBeingRegisteredOrDeletedElsewhere() {
        fanOut.creatingDescribes = 0;
        fanOut.failNext(Operation.REGISTER, error("ResourceInUseException", 400, "Consumer bridge is DELETING"));

        String arn = consumers(true).ensureActive("orders");

        assertThat(fanOut.calls(Operation.REGISTER)).isEqualTo(2);
        assertThat(arn).startsWith(FakeFanOutProxy.arnOf("orders") + "/consumer/bridge:");
    }

    @Test
    void shouldFailNamingTheConsumerWhenItMustExistButDoesNot() {
        assertThatThrownBy(() -> consumers(false).ensureActive("orders")).isInstanceOf(ConnectException.class)
                .hasMessage("Stream consumer 'bridge' of Kinesis stream 'orders' does not exist, and "
                        + "kinesis.efo.consumer.register=false lets the connector use only an existing one. Register "
                        + "it, set kinesis.efo.consumer.name to an existing consumer, or set "
                        + "kinesis.efo.consumer.register=true");
    }

    @Test
    void shouldGiveUpWhenTheConsumerStaysCreating() {
        fanOut.creatingDescribes = Integer.MAX_VALUE;

        assertThatThrownBy(() -> consumers(true).ensureActive("orders")).isInstanceOf(ConnectException.class)
                .hasMessage("Stream consumer 'bridge' of Kinesis stream 'orders' is not ACTIVE after 300 s (status "
                        + "CREATING). Check it with DescribeStreamConsumer, or set kinesis.efo.consumer.name to "
                        + "another consumer");
        assertThat(sleeps).hasSize(300);
    }

    @Test
    void shouldFailNamingTheStreamWhenItIsMissing() {
        fanOut.failNext(Operation.STREAM_ARN, error("ResourceNotFoundException", 400, "Stream orders not found"));

        assertThatThrownBy(() -> consumers(true).ensureActive("orders")).isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("Kinesis stream 'orders' was not found in region eu-west-1")
                .hasMessageContaining("Check kinesis.streams");
    }

    @Test
    void shouldDeregisterAndOnlyLogAFailureToDoSo() {
        String existing = fanOut.addActiveConsumer("orders", "bridge");
        StreamConsumers consumers = consumers(true);

        consumers.deregister("orders", existing);
        fanOut.failNext(Operation.DEREGISTER, error("AccessDeniedException", 400, "not authorized"));
        consumers.deregister("orders", existing);

        assertThat(fanOut.deregistered()).containsExactly(existing);
    }
}
