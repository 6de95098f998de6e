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
        assertThat(byGroup.get("Enhanced fan-out")).containsExactly("kinesis.consumer.type",
                "kinesis.efo.consumer.name", "kinesis.efo.consumer.register", "kinesis.efo.consumer.deregister.on.stop",
                "kinesis.efo.subscription.renewal.ms", "kinesis.efo.buffered.events.per.shard",
                "kinesis.efo.endpoint.override", "kinesis.efo.tls.trust.all.certificates");
        assertThat(byGroup.get("AWS")).contains("aws.region", "aws.access.key.id", "aws.retry.max.attempts");
    }

    @Test
    void shouldGiveEveryNonBooleanKeyANamedValidator() {
        Map<String, String> validators = KinesisSourceConfig.configDef().configKeys().values().stream()
                .filter(key -> key.type != ConfigDef.Type.BOOLEAN && key.group.equals("AWS") == false)
                .collect(Collectors.toMap(key -> key.name, key -> key.validator.getClass().getSimpleName()));

        assertThat(validators).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("kinesis.streams", "StreamNamesValidator"),
                Map.entry("kinesis.position", "EnumValidator"),
                Map.entry("kinesis.position.timestamp", "TimestampValidator"),
                Map.entry("kafka.topic.format", "TopicFormatValidator"),
                Map.entry("kinesis.dlq.topic", "TopicNameValidator"),
                Map.entry("kinesis.records.per.request", "Range"),
                Map.entry("kinesis.empty.shard.backoff.ms", "Range"),
                Map.entry("kinesis.throttle.backoff.ms", "Range"),
                Map.entry("kinesis.shard.discovery.interval.ms", "Range"),
                Map.entry("kinesis.parent.shard.check.interval.ms", "Range"),
                Map.entry("kinesis.consumer.type", "EnumValidator"),
                Map.entry("kinesis.efo.consumer.name", "ConsumerNameValidator"),
                Map.entry("kinesis.efo.subscription.renewal.ms", "Range"),
                Map.entry("kinesis.efo.buffered.events.per.shard", "Range"),
                Map.entry("kinesis.efo.endpoint.override", "UrlValidator")));
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
        assertThat(config.consumerType()).isEqualTo(ConsumerType.POLLING);
        assertThat(config.consumerName("orders source #1")).isEqualTo("orders-source--1");
        assertThat(config.registerConsumer()).isTrue();
        assertThat(config.deregisterConsumerOnStop()).isFalse();
        assertThat(config.subscriptionRenewal()).isEqualTo(Duration.ofSeconds(270));
        assertThat(config.bufferedEventsPerShard()).isEqualTo(4);
        assertThat(config.fanOutEndpointOverride()).isEmpty();
        assertThat(config.fanOutTrustAllCertificates()).isFalse();
    }

    @Test
    void shouldReadTheEnhancedFanOutSettings() {
        Map<String, String> props = minimal();
        props.put("kinesis.consumer.type", "efo");
        props.put("kinesis.efo.consumer.name", "bridge.orders_1");
        props.put("kinesis.efo.consumer.deregister.on.stop", "true");
        props.put("kinesis.efo.subscription.renewal.ms", "5000");
        props.put("kinesis.efo.buffered.events.per.shard", "1");
        props.put("kinesis.efo.endpoint.override", "https://127.0.0.1:4568");
        props.put("kinesis.efo.tls.trust.all.certificates", "true");

        KinesisSourceConfig config = new KinesisSourceConfig(props);

        assertThat(config.consumerType()).isEqualTo(ConsumerType.EFO);
        assertThat(config.consumerName("ignored")).isEqualTo("bridge.orders_1");
        assertThat(config.deregisterConsumerOnStop()).isTrue();
        assertThat(config.subscriptionRenewal()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.bufferedEventsPerShard()).isEqualTo(1);
        assertThat(config.fanOutEndpointOverride()).contains(java.net.URI.create("https://127.0.0.1:4568"));
        assertThat(config.fanOutTrustAllCertificates()).isTrue();
    }

    @Test
    void shouldRefuseEnhancedFanOutOverPlainHttpNamingTheEndpointToSet() {
        Map<String, String> props = minimal();
        props.put("kinesis.consumer.type", "EFO");
        props.put("aws.endpoint.override", "http://127.0.0.1:4567");

        assertThatThrownBy(() -> new KinesisSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessage("With kinesis.consumer.type=EFO, SubscribeToShard needs HTTP/2, which is negotiated over "
                        + "https only: set kinesis.efo.endpoint.override to an https:// URL (http://127.0.0.1:4567 is "
                        + "plain http)");
        props.put("kinesis.efo.endpoint.override", "https://127.0.0.1:4568");
        assertThat(new KinesisSourceConfig(props).fanOutEndpointOverride()).isPresent();
        props.put("kinesis.consumer.type", "POLLING");
        props.remove("kinesis.efo.endpoint.override");
        assertThat(new KinesisSourceConfig(props).consumerType()).isEqualTo(ConsumerType.POLLING);
    }

    @Test
    void shouldNeverDeregisterAConsumerTheConnectorDoesNotRegister() {
        Map<String, String> props = minimal();
        props.put("kinesis.efo.consumer.register", "false");
        props.put("kinesis.efo.consumer.deregister.on.stop", "true");

        assertThatThrownBy(() -> new KinesisSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessage("kinesis.efo.consumer.deregister.on.stop needs kinesis.efo.consumer.register=true: the "
                        + "connector never removes a consumer it did not register");
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
        Map<String, String> invalid = Map.ofEntries(
                Map.entry("kinesis.streams", "orders,or ders"),
                Map.entry("kinesis.position", "EARLIEST"),
                Map.entry("kinesis.position.timestamp", "yesterday"),
                Map.entry("kafka.topic.format", "${streamName}"),
                Map.entry("kinesis.dlq.topic", "dead letters"),
                Map.entry("kinesis.records.per.request", "10001"),
                Map.entry("kinesis.empty.shard.backoff.ms", "-1"),
                Map.entry("kinesis.throttle.backoff.ms", "0"),
                Map.entry("kinesis.shard.discovery.interval.ms", "10"),
                Map.entry("kinesis.parent.shard.check.interval.ms", "1"),
                Map.entry("kinesis.consumer.type", "PUSH"),
                Map.entry("kinesis.efo.consumer.name", "bridge consumer"),
                Map.entry("kinesis.efo.subscription.renewal.ms", "300001"),
                Map.entry("kinesis.efo.buffered.events.per.shard", "0"));
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
