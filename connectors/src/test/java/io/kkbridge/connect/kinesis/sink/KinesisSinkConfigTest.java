package io.kkbridge.connect.kinesis.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class KinesisSinkConfigTest {

    private static KinesisSinkConfig config(String... pairs) {
        Map<String, String> props = new HashMap<>(Map.of("aws.region", "eu-west-1", "topics", "orders"));
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                props.remove(pairs[i]);
            } else {
                props.put(pairs[i], pairs[i + 1]);
            }
        }
        return new KinesisSinkConfig(props);
    }

    @Test
    void shouldDocumentEveryKeyInItsGroupInOrder() {
        ConfigDef def = KinesisSinkConfig.configDef();

        assertThat(def.configKeys().values()).allSatisfy(key -> {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.group).as(key.name).isNotBlank();
            assertThat(key.displayName).as(key.name).isNotBlank();
        });
        assertThat(def.groups()).containsExactly("Kinesis", "Partition key", "Batching", "AWS");
        assertThat(keysOf(def, "Kinesis")).isEqualTo("kinesis.stream,kinesis.stream.mapping");
        assertThat(keysOf(def, "Partition key"))
                .isEqualTo("kinesis.partition.key.source,kinesis.partition.key.field,kinesis.partition.key.header");
        assertThat(keysOf(def, "Batching")).isEqualTo("kinesis.batch.linger.ms,kinesis.batch.max.records,"
                + "kinesis.batch.max.bytes,kinesis.max.in.flight.requests,kinesis.flush.timeout.ms,"
                + "kinesis.aggregation.enabled");
    }

    private static String keysOf(ConfigDef def, String group) {
        return def.configKeys().values().stream().filter(key -> group.equals(key.group))
                .sorted((a, b) -> a.orderInGroup - b.orderInGroup).map(key -> key.name)
                .collect(Collectors.joining(","));
    }

    @Test
    void shouldGiveEveryKinesisKeyANamedValidatorOrRange() {
        Map<String, String> validators = KinesisSinkConfig.configDef().configKeys().values().stream()
                .filter(key -> key.name.startsWith("kinesis."))
                .collect(Collectors.toMap(key -> key.name, KinesisSinkConfigTest::validatorName));

        assertThat(validators).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("kinesis.stream", "StreamNameValidator"),
                Map.entry("kinesis.stream.mapping", "TopicMappingValidator"),
                Map.entry("kinesis.partition.key.source", "EnumValidator"),
                Map.entry("kinesis.partition.key.field", "JsonFieldPathValidator"),
                Map.entry("kinesis.partition.key.header", "NonEmptyStringValidator"),
                Map.entry("kinesis.batch.linger.ms", "Range"),
                Map.entry("kinesis.batch.max.records", "Range"),
                Map.entry("kinesis.batch.max.bytes", "Range"),
                Map.entry("kinesis.max.in.flight.requests", "Range"),
                Map.entry("kinesis.flush.timeout.ms", "Range"),
                Map.entry("kinesis.aggregation.enabled", "none (BOOLEAN)")));
    }

    private static String validatorName(ConfigKey key) {
        return key.validator == null ? "none (" + key.type + ")" : key.validator.getClass().getSimpleName();
    }

    @Test
    void shouldDefaultToRecordKeysFullRequestsAndNoAggregation() {
        KinesisSinkConfig config = config("kinesis.stream", "out");

        assertThat(config.destinations().describe()).isEqualTo("'out'");
        assertThat(config.partitionKeySource()).isEqualTo(PartitionKeySource.RECORD_KEY);
        assertThat(config.partitionKeyField()).isNull();
        assertThat(config.partitionKeyHeader()).isNull();
        assertThat(config.batchLinger()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.batchMaxRecords()).isEqualTo(500);
        assertThat(config.batchMaxBytes()).isEqualTo(5 * 1024 * 1024);
        assertThat(config.maxInFlightRequests()).isEqualTo(5);
        assertThat(config.aggregationEnabled()).isFalse();
        assertThat(config.awsSettings().region().id()).isEqualTo("eu-west-1");
    }

    @Test
    void shouldReadEverySetting() {
        KinesisSinkConfig config = config("kinesis.stream.mapping", "orders:orders-out, returns:returns-out",
                "topics", "orders,returns", "kinesis.partition.key.source", "field",
                "kinesis.partition.key.field", "customer.id", "kinesis.batch.linger.ms", "5",
                "kinesis.batch.max.records", "10", "kinesis.batch.max.bytes", "2048",
                "kinesis.max.in.flight.requests", "1", "kinesis.aggregation.enabled", "true");

        assertThat(config.destinations().describe()).contains("orders=orders-out", "returns=returns-out");
        assertThat(config.partitionKeySource()).isEqualTo(PartitionKeySource.FIELD);
        assertThat(config.partitionKeyField().path()).isEqualTo("customer.id");
        assertThat(config.batchLinger()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.batchMaxRecords()).isEqualTo(10);
        assertThat(config.batchMaxBytes()).isEqualTo(2048);
        assertThat(config.maxInFlightRequests()).isEqualTo(1);
        assertThat(config.aggregationEnabled()).isTrue();
    }

    @Test
    void shouldRequireExactlyOneOfStreamAndMapping() {
        String neither = "Set kinesis.stream (one stream for every topic) or kinesis.stream.mapping "
                + "(topic:stream entries)";
        String both = "Set only one of kinesis.stream and kinesis.stream.mapping";

        assertThatThrownBy(() -> config()).isInstanceOf(ConfigException.class)
                .hasMessage(neither + "; " + neither);
        assertThatThrownBy(() -> config("kinesis.stream", "out", "kinesis.stream.mapping", "orders:out"))
                .isInstanceOf(ConfigException.class).hasMessage(both + "; " + both);
    }

    @Test
    void shouldRequireAMappingEntryForEveryTopic() {
        assertThatThrownBy(() -> config("kinesis.stream.mapping", "orders:out", "topics", "orders, b,c"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("kinesis.stream.mapping has no entry for topics b, c of topics");
        assertThatThrownBy(() -> config("kinesis.stream.mapping", "orders:out", "topics", "b"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("kinesis.stream.mapping has no entry for topic b of topics");
    }

    @Test
    void shouldAcceptAnyMappingWithATopicRegexWhichOnlyRecordsCanCheck() {
        KinesisSinkConfig config = config("kinesis.stream.mapping", "a:out", "topics", null, "topics.regex", ".*");

        assertThat(config.destinations().describe()).isEqualTo("{a=out}");
    }

    @Test
    void shouldRejectMalformedMappingsNamingTheEntry() {
        assertThatThrownBy(() -> config("kinesis.stream.mapping", "orders"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [orders] for configuration kinesis.stream.mapping: entry 'orders' is "
                        + "not topic:stream");
        assertThatThrownBy(() -> config("kinesis.stream.mapping", "orders:a,orders:b"))
                .hasMessage("Invalid value [orders:a, orders:b] for configuration kinesis.stream.mapping: topic "
                        + "'orders' is mapped more than once");
        assertThatThrownBy(() -> config("kinesis.stream.mapping", "orders:bad/name"))
                .hasMessage("Invalid value [orders:bad/name] for configuration kinesis.stream.mapping: entry "
                        + "'orders:bad/name': 'bad/name' is not a Kinesis stream name: only letters, digits, _ . - "
                        + "are allowed");
    }

    @Test
    void shouldRequireTheFieldOrHeaderExactlyWithItsSource() {
        assertThatThrownBy(() -> config("kinesis.stream", "out", "kinesis.partition.key.source", "FIELD"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("kinesis.partition.key.field must be set when kinesis.partition.key.source is FIELD");
        assertThatThrownBy(() -> config("kinesis.stream", "out", "kinesis.partition.key.source", "HEADER"))
                .hasMessage("kinesis.partition.key.header must be set when kinesis.partition.key.source is HEADER");
        assertThatThrownBy(() -> config("kinesis.stream", "out", "kinesis.partition.key.header", "pk"))
                .hasMessage("kinesis.partition.key.header only applies when kinesis.partition.key.source is "
                        + "HEADER; set that source or remove kinesis.partition.key.header");
        assertThatThrownBy(() -> config("kinesis.stream", "out", "kinesis.partition.key.field", "a"))
                .hasMessage("kinesis.partition.key.field only applies when kinesis.partition.key.source is "
                        + "FIELD; set that source or remove kinesis.partition.key.field");
    }

    @Test
    void shouldKeepBatchesWithinTheKinesisLimits() {
        assertThatThrownBy(() -> config("kinesis.stream", "out", "kinesis.batch.max.records", "501"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 501 for configuration kinesis.batch.max.records: Value must be no more "
                        + "than 500");
        assertThatThrownBy(() -> config("kinesis.stream", "out", "kinesis.batch.max.bytes", "5242881"))
                .hasMessage("Invalid value 5242881 for configuration kinesis.batch.max.bytes: Value must be no more "
                        + "than 5242880");
        assertThatThrownBy(() -> config("kinesis.stream", "out", "kinesis.partition.key.source", "RANDOM"))
                .hasMessage("Invalid value RANDOM for configuration kinesis.partition.key.source: must be one of "
                        + "RECORD_KEY, FIELD, HEADER, KAFKA_PARTITION");
    }
}
