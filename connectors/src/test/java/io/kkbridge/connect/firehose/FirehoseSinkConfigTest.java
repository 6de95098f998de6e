package io.kkbridge.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class FirehoseSinkConfigTest {

    private static FirehoseSinkConfig config(String... pairs) {
        Map<String, String> props = new HashMap<>(Map.of("aws.region", "eu-west-1", "topics", "events"));
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return new FirehoseSinkConfig(props);
    }

    @Test
    void shouldDocumentEveryKeyWithANamedValidatorOrRange() {
        ConfigDef def = FirehoseSinkConfig.configDef();

        assertThat(def.configKeys().values()).allSatisfy(key -> {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.group).as(key.name).isNotBlank();
            assertThat(key.displayName).as(key.name).isNotBlank();
        });
        assertThat(def.groups()).containsExactly("Firehose", "Batching", "AWS");
        assertThat(def.configKeys().values().stream().filter(key -> key.name.startsWith("firehose."))
                .collect(Collectors.toMap(key -> key.name, key -> key.validator.getClass().getSimpleName())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "firehose.delivery.stream", "StreamNameValidator",
                        "firehose.delivery.stream.mapping", "TopicMappingValidator",
                        "firehose.record.delimiter", "RecordDelimiterValidator",
                        "firehose.batch.linger.ms", "Range",
                        "firehose.batch.max.records", "Range",
                        "firehose.batch.max.bytes", "Range",
                        "firehose.max.in.flight.requests", "Range",
                        "firehose.flush.timeout.ms", "Range"));
    }

    @Test
    void shouldDefaultToNewlineDelimitedFullRequests() {
        FirehoseSinkConfig config = config("firehose.delivery.stream", "lake");

        assertThat(config.destinations().describe()).isEqualTo("'lake'");
        assertThat(config.recordDelimiter().bytes()).containsExactly('\n');
        assertThat(config.batchLinger()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.batchMaxRecords()).isEqualTo(500);
        assertThat(config.batchMaxBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.maxInFlightRequests()).isEqualTo(5);
    }

    @Test
    void shouldRequireExactlyOneOfDeliveryStreamAndMapping() {
        String both = "Set only one of firehose.delivery.stream and firehose.delivery.stream.mapping";

        assertThatThrownBy(() -> config("firehose.delivery.stream", "lake", "firehose.delivery.stream.mapping",
                "events:lake")).isInstanceOf(ConfigException.class).hasMessage(both + "; " + both);
        assertThatThrownBy(() -> config()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Set firehose.delivery.stream (one stream for every topic) or "
                        + "firehose.delivery.stream.mapping (topic:stream entries)");
    }

    @Test
    void shouldRequireAMappingEntryForEveryTopicAndValidDeliveryStreamNames() {
        assertThatThrownBy(() -> config("firehose.delivery.stream.mapping", "events:lake", "topics", "events,sales"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("firehose.delivery.stream.mapping has no entry for topic sales of topics");
        assertThatThrownBy(() -> config("firehose.delivery.stream.mapping", "events:" + "l".repeat(65)))
                .hasMessage("Invalid value [events:" + "l".repeat(65) + "] for configuration "
                        + "firehose.delivery.stream.mapping: entry 'events:" + "l".repeat(65) + "': a Firehose "
                        + "delivery stream name has 1 to 64 characters, '" + "l".repeat(65) + "' has 65");
    }

    @Test
    void shouldKeepBatchesWithinTheFirehoseLimits() {
        assertThatThrownBy(() -> config("firehose.delivery.stream", "lake", "firehose.batch.max.bytes", "4194305"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 4194305 for configuration firehose.batch.max.bytes: Value must be no "
                        + "more than 4194304");
        assertThatThrownBy(() -> config("firehose.delivery.stream", "lake", "firehose.batch.max.records", "0"))
                .hasMessage("Invalid value 0 for configuration firehose.batch.max.records: Value must be at least 1");
    }
}
