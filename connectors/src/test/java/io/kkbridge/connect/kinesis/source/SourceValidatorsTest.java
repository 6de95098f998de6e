package io.kkbridge.connect.kinesis.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SourceValidatorsTest {

    private final StreamNamesValidator streams = new StreamNamesValidator();
    private final TopicFormatValidator format = new TopicFormatValidator();
    private final TopicNameValidator topic = new TopicNameValidator();
    private final TimestampValidator timestamp = new TimestampValidator();
    private final ConsumerNameValidator consumerName = new ConsumerNameValidator();

    @Test
    void shouldAcceptConsumerNamesAndUnsetAndRejectOthersNamingTheKey() {
        assertThatCode(() -> consumerName.ensureValid("kinesis.efo.consumer.name", "bridge.orders_1-a"))
                .doesNotThrowAnyException();
        assertThatCode(() -> consumerName.ensureValid("kinesis.efo.consumer.name", null)).doesNotThrowAnyException();
        assertThatCode(() -> consumerName.ensureValid("kinesis.efo.consumer.name", "c".repeat(128)))
                .doesNotThrowAnyException();
        for (String invalid : List.of("", "bridge consumer", "bridge/orders", "c".repeat(129))) {
            assertThatThrownBy(() -> consumerName.ensureValid("kinesis.efo.consumer.name", invalid)).as(invalid)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("kinesis.efo.consumer.name")
                    .hasMessageContaining("1 to 128 letters, digits, '_', '.' or '-'");
        }
    }

    @Test
    void shouldDeriveAConsumerNameFromAnyConnectorName() {
        assertThat(ConsumerNameValidator.fromConnectorName("orders-source")).isEqualTo("orders-source");
        assertThat(ConsumerNameValidator.fromConnectorName("orders source/ü")).isEqualTo("orders-source--");
        assertThat(ConsumerNameValidator.fromConnectorName("x".repeat(200))).isEqualTo("x".repeat(128));
        assertThat(ConsumerNameValidator.fromConnectorName("")).isEqualTo("kinesis-source");
    }

    @Test
    void shouldAcceptStreamNamesOfLettersDigitsUnderscoresDotsAndDashes() {
        assertThatCode(() -> streams.ensureValid("kinesis.streams", List.of("user-activity", "sales_cdc.v2", "A1")))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRejectAnEmptyStreamList() {
        assertThatThrownBy(() -> streams.ensureValid("kinesis.streams", List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [] for configuration kinesis.streams: at least one Kinesis stream name is "
                        + "required");
    }

    @Test
    void shouldRejectAnInvalidStreamNameNamingIt() {
        assertThatThrownBy(() -> streams.ensureValid("kinesis.streams", List.of("orders", "arn:aws:kinesis")))
                .hasMessage("Invalid value [orders, arn:aws:kinesis] for configuration kinesis.streams: "
                        + "'arn:aws:kinesis' is not a Kinesis stream name: 1 to 128 letters, digits, '_', '.' or '-'");
        assertThatThrownBy(() -> streams.ensureValid("kinesis.streams", List.of("x".repeat(129))))
                .hasMessageContaining("is not a Kinesis stream name");
    }

    @Test
    void shouldRejectAStreamListedTwice() {
        assertThatThrownBy(() -> streams.ensureValid("kinesis.streams", List.of("orders", "orders")))
                .hasMessageEndingWith("stream 'orders' is listed twice");
    }

    @Test
    void shouldAcceptTopicFormatsWithOrWithoutThePlaceholder() {
        assertThatCode(() -> format.ensureValid("kafka.topic.format", "${stream}")).doesNotThrowAnyException();
        assertThatCode(() -> format.ensureValid("kafka.topic.format", "raw.${stream}.v1")).doesNotThrowAnyException();
        assertThatCode(() -> format.ensureValid("kafka.topic.format", "all-kinesis")).doesNotThrowAnyException();
        assertThat(TopicFormatValidator.topicFor("raw.${stream}.${stream}", "orders"))
                .isEqualTo("raw.orders.orders");
    }

    @Test
    void shouldRejectAnUnknownPlaceholder() {
        assertThatThrownBy(() -> format.ensureValid("kafka.topic.format", "${stream}-${shard}"))
                .hasMessage("Invalid value ${stream}-${shard} for configuration kafka.topic.format: unknown "
                        + "placeholder '${shard}'; the only placeholder is ${stream}");
        assertThatThrownBy(() -> format.ensureValid("kafka.topic.format", "${stream"))
                .hasMessageEndingWith("unknown placeholder '${stream'; the only placeholder is ${stream}");
    }

    @Test
    void shouldRejectATopicFormatWithCharactersTopicsCannotHave() {
        assertThatThrownBy(() -> format.ensureValid("kafka.topic.format", "${stream} raw"))
                .hasMessageEndingWith("does not make a valid topic name: topic 'x raw' may only contain letters, "
                        + "digits, '.', '_' and '-'");
        assertThatThrownBy(() -> format.ensureValid("kafka.topic.format", ""))
                .hasMessageEndingWith("does not make a valid topic name: a topic name must not be empty");
    }

    @Test
    void shouldAcceptAnUnsetDeadLetterTopicAndRejectIllegalOnes() {
        assertThatCode(() -> topic.ensureValid("kinesis.dlq.topic", null)).doesNotThrowAnyException();
        assertThatCode(() -> topic.ensureValid("kinesis.dlq.topic", "orders.dlq")).doesNotThrowAnyException();
        assertThatThrownBy(() -> topic.ensureValid("kinesis.dlq.topic", ".."))
                .hasMessageEndingWith("'..' is not allowed as a topic name");
        assertThatThrownBy(() -> topic.ensureValid("kinesis.dlq.topic", "t".repeat(250)))
                .hasMessageEndingWith("is longer than 249 characters");
    }

    @Test
    void shouldParseIsoTimestampsWithAnOffset() {
        assertThat(TimestampValidator.parse("2024-05-01T08:00:00Z")).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(TimestampValidator.parse("2024-05-01T10:00:00.250+02:00"))
                .isEqualTo(Instant.parse("2024-05-01T08:00:00.250Z"));
        assertThatCode(() -> timestamp.ensureValid("kinesis.position.timestamp", null)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectATimestampWithoutOffset() {
        assertThatThrownBy(() -> timestamp.ensureValid("kinesis.position.timestamp", "2024-05-01T08:00:00"))
                .hasMessage("Invalid value 2024-05-01T08:00:00 for configuration kinesis.position.timestamp: not an "
                        + "ISO-8601 date-time with offset, such as 2024-05-01T08:00:00Z");
    }
}
