package io.kkbridge.connect.kinesis.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class KinesisSourceConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("kinesis.streams", "orders");
        props.put("aws.region", "eu-west-1");
        return props;
    }

    @Test
    void shouldDocumentEveryKeyWithGroupAndDisplayName() {
        assertThat(KinesisSourceConfig.configDef().configKeys().values()).allSatisfy(key -> {
            assertThat(key.documentation).as("doc of %s", key.name).isNotBlank().endsWith(".");
            assertThat(key.group).as("group of %s", key.name).isNotBlank();
            assertThat(key.displayName).as("display name of %s", key.name).isNotBlank();
        });
    }

    @Test
    void shouldDefineTheSourceKeysInTheirGroupsAndTheSharedAwsKeys() {
        Map<String, List<String>> byGroup = KinesisSourceConfig.configDef().configKeys().values().stream()
                .collect(Collectors.groupingBy(key -> key.group, Collectors.mapping(key -> key.name,
                        Collectors.toList())));

        assertThat(byGroup.get("Kinesis")).containsExactly("kinesis.streams", "kinesis.position",
                "kinesis.position.timestamp", "kinesis.deaggregate");
        assertThat(byGroup.get("Kafka")).containsExactly("kafka.topic.format", "kinesis.dlq.topic");
        assertThat(byGroup.get("Reading")).containsExactly("kinesis.records.per.request",
                "kinesis.empty.shard.backoff.ms", "kinesis.throttle.backoff.ms", "kinesis.shard.discovery.interval.ms",
                "kinesis.parent.shard.check.interval.ms");
        assertThat(byGroup.get("AWS")).contains("aws.region", "aws.access.key.id", "aws.retry.max.attempts");
    }

    @Test
    void shouldGiveEveryNonBooleanKeyANamedValidator() {
        Map<String, String> validators = KinesisSourceConfig.configDef().configKeys().values().stream()
                .filter(key -> key.type != ConfigDef.Type.BOOLEAN && key.group.equals("AWS") == false)
                .collect(Collectors.toMap(key -> key.name, key -> key.validator.getClass().getSimpleName()));

        assertThat(validators).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kinesis.streams", "StreamNamesValidator",
                "kinesis.position", "EnumValidator",
                "kinesis.position.timestamp", "TimestampValidator",
                "kafka.topic.format", "TopicFormatValidator",
                "kinesis.dlq.topic", "TopicNameValidator",
                "kinesis.records.per.request", "Range",
                "kinesis.empty.shard.backoff.ms", "Range",
                "kinesis.throttle.backoff.ms", "Range",
                "kinesis.shard.discovery.interval.ms", "Range",
                "kinesis.parent.shard.check.interval.ms", "Range"));
    }

    @Test
    void shouldApplyDefaults() {
        KinesisSourceConfig config = new KinesisSourceConfig(minimal());

        assertThat(config.streams()).containsExactly("orders");
        assertThat(config.startPosition()).isEqualTo(StartPosition.TRIM_HORIZON);
        assertThat(config.startTimestamp()).isEmpty();
        assertThat(config.deaggregate()).isTrue();
        assertThat(config.topicFor("orders")).isEqualTo("orders");
        assertThat(config.deadLetterTopic()).isEmpty();
        assertThat(config.recordsPerRequest()).isEqualTo(10_000);
        assertThat(config.emptyShardBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.throttleBackoffBase()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.throttleBackoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.shardDiscoveryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.parentCheckInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.awsSettings().region().id()).isEqualTo("eu-west-1");
    }

    @Test
    void shouldReadEverySetting() {
        Map<String, String> props = minimal();
        props.put("kinesis.streams", "orders, clicks");
        props.put("kinesis.position", "at_timestamp");
        props.put("kinesis.position.timestamp", "2024-05-01T10:00:00+02:00");
        props.put("kinesis.deaggregate", "false");
        props.put("kafka.topic.format", "${stream}.raw");
        props.put("kinesis.dlq.topic", "kinesis.dlq");
        props.put("kinesis.records.per.request", "500");
        props.put("kinesis.throttle.backoff.ms", "20000");

        KinesisSourceConfig config = new KinesisSourceConfig(props);

        assertThat(config.streams()).containsExactly("orders", "clicks");
        assertThat(config.startPosition()).isEqualTo(StartPosition.AT_TIMESTAMP);
        assertThat(config.startTimestamp()).contains(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(config.deaggregate()).isFalse();
        assertThat(config.topicFor("clicks")).isEqualTo("clicks.raw");
        assertThat(config.deadLetterTopic()).isEqualTo(Optional.of("kinesis.dlq"));
        assertThat(config.recordsPerRequest()).isEqualTo(500);
        // a base above the AWS retry ceiling is its own ceiling
        assertThat(config.throttleBackoffMax()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldRequireTheTimestampForAtTimestamp() {
        Map<String, String> props = minimal();
        props.put("kinesis.position", "AT_TIMESTAMP");

        assertThatThrownBy(() -> new KinesisSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessage("kinesis.position.timestamp must be set when kinesis.position is AT_TIMESTAMP");
    }

    @Test
    void shouldRejectATimestampWithoutAtTimestamp() {
        Map<String, String> props = minimal();
        props.put("kinesis.position.timestamp", "2024-05-01T00:00:00Z");

        assertThatThrownBy(() -> new KinesisSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessage("kinesis.position.timestamp only applies when kinesis.position is AT_TIMESTAMP; set "
                        + "that position or remove kinesis.position.timestamp");
    }

    @Test
    void shouldRejectEachInvalidValueNamingItsKey() {
        Map<String, String> invalid = Map.of(
                "kinesis.streams", "orders,or ders",
                "kinesis.position", "EARLIEST",
                "kinesis.position.timestamp", "yesterday",
                "kafka.topic.format", "${streamName}",
                "kinesis.dlq.topic", "dead letters",
                "kinesis.records.per.request", "10001",
                "kinesis.empty.shard.backoff.ms", "-1",
                "kinesis.throttle.backoff.ms", "0",
                "kinesis.shard.discovery.interval.ms", "10",
                "kinesis.parent.shard.check.interval.ms", "1");
        invalid.forEach((key, value) -> {
            Map<String, String> props = minimal();
            props.put(key, value);
            assertThatThrownBy(() -> new KinesisSourceConfig(props)).as(key).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(key);
        });
    }

    @Test
    void shouldRejectATopicFormatThatMakesAnOverlongTopicForAStream() {
        Map<String, String> props = minimal();
        props.put("kinesis.streams", "o".repeat(128));
        props.put("kafka.topic.format", "${stream}." + "x".repeat(125));

        assertThatThrownBy(() -> new KinesisSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("kafka.topic.format gives no valid topic for stream '" + "o".repeat(128)
                        + "': topic '")
                .hasMessageEndingWith("' is longer than 249 characters");
    }

    @Test
    void shouldRejectADeadLetterTopicThatIsAlsoADataTopic() {
        Map<String, String> props = minimal();
        props.put("kinesis.streams", "orders,clicks");
        props.put("kafka.topic.format", "${stream}.raw");
        props.put("kinesis.dlq.topic", "clicks.raw");

        assertThatThrownBy(() -> new KinesisSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessage("kinesis.dlq.topic must differ from the topic of stream 'clicks' (clicks.raw) set by "
                        + "kafka.topic.format");
    }

    @Test
    void shouldApplyTheSharedAwsRules() {
        Map<String, String> props = minimal();
        props.put("aws.access.key.id", "AKIDEXAMPLE");

        assertThatThrownBy(() -> new KinesisSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws.secret.access.key must be set when aws.access.key.id is set");
    }

    @Test
    void shouldNotLetInternalTaskKeysIntoTheConnectorsConfigDef() {
        Map<String, ConfigKey> keys = KinesisSourceConfig.configDef().configKeys();

        assertThat(keys).doesNotContainKeys(TaskAssignment.TASK_INDEX_KEY, TaskAssignment.SHARDS_KEY,
                TaskAssignment.NEW_SHARDS_KEY);
    }
}
