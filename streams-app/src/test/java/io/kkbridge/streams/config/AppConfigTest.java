package io.kkbridge.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @Test
    void shouldDefaultToExactlyOnceAndTheDocumentedTopics() {
        AppConfig config = AppConfig.of(Map.of());
        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "kkbridge-streams")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        assertThat(config.pipelines()).containsExactly("user-activity", "events", "purchases", "sales-cdc");
        assertThat(config.getString(AppConfig.PURCHASES_INPUT_TOPIC_CONFIG)).isEqualTo("purchases.raw");
        assertThat(config.getString(AppConfig.PURCHASES_DLQ_TOPIC_CONFIG)).isEqualTo("purchases.dlq");
        assertThat(config.getString(AppConfig.SALES_CDC_INPUT_TOPIC_CONFIG)).isEqualTo("sales-cdc.raw");
        assertThat(config.getString(AppConfig.SALES_CDC_DLQ_TOPIC_CONFIG)).isEqualTo("sales-cdc.dlq");
        assertThat(config.getString(AppConfig.SALES_PROJECTION_TOPIC_CONFIG)).isEqualTo("sales.projection");
        assertThat(config.salesSortKey()).isEqualTo("product_id");
        assertThat(config.getString(AppConfig.QUERY_API_BIND_ADDRESS_CONFIG)).isEqualTo("127.0.0.1");
        assertThat(config.getInt(AppConfig.QUERY_API_PORT_CONFIG)).isEqualTo(7070);
        assertThat(config.queryAdvertisedHost()).isEqualTo("127.0.0.1");
        assertThat(config.getString(AppConfig.USER_ACTIVITY_INPUT_TOPIC_CONFIG)).isEqualTo("user-activity.raw");
        assertThat(config.getString(AppConfig.USER_ACTIVITY_USA_TOPIC_CONFIG)).isEqualTo("user-activity.usa");
        assertThat(config.getString(AppConfig.USER_ACTIVITY_INTERNATIONAL_TOPIC_CONFIG))
                .isEqualTo("user-activity.international");
        assertThat(config.getString(AppConfig.EVENTS_OUTPUT_TOPIC_CONFIG)).isEqualTo("events.enriched");
        assertThat(config.usaMatcher().isUsa("USA")).isTrue();
        assertThat(config.usaMatcher().isUsa("US")).isFalse();
    }

    @Test
    void shouldApplyTheThroughputDefaultsUnlessTheyAreSet() {
        assertThat(AppConfig.of(Map.of()).streamsProperties())
                .doesNotContainKey("producer.compression.type") // Kafka's none: LZ4 costs the stores' p99
                .containsEntry("producer.batch.size", "262144")
                .containsEntry("producer.linger.ms", "20")
                .containsEntry("consumer.max.poll.records", "5000")
                .containsEntry("consumer.max.partition.fetch.bytes", "4194304")
                .containsEntry("buffered.records.per.partition", "2000");
        assertThat(AppConfig.of(Map.of("producer.compression.type", "lz4", "producer.linger.ms", "5"))
                .streamsProperties())
                .containsEntry("producer.compression.type", "lz4")
                .containsEntry("producer.linger.ms", "5");
    }

    @Test
    void shouldLetFlagsBeatEnvironmentBeatFileBeatDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\napplication.id=from-file\n"
                + "events.input.topic=file.events\nuser.activity.usa.topic=file.usa\n");
        Map<String, String> env = Map.of("KKB_APPLICATION_ID", "from-env", "KKB_EVENTS_INPUT_TOPIC", "env.events",
                "PATH", "/usr/bin", "KKB_NUM_STREAM_THREADS", "2");

        AppConfig config = AppConfig.load(file, env, Map.of("events.input.topic", "flag.events"));

        assertThat(config.bootstrapServers()).isEqualTo("file:9092");
        assertThat(config.applicationId()).isEqualTo("from-env");
        assertThat(config.getString(AppConfig.EVENTS_INPUT_TOPIC_CONFIG)).isEqualTo("flag.events");
        assertThat(config.getString(AppConfig.USER_ACTIVITY_USA_TOPIC_CONFIG)).isEqualTo("file.usa");
        assertThat(config.streamsProperties()).containsEntry("num.stream.threads", "2")
                .doesNotContainKey("events.input.topic");
    }

    @Test
    void shouldPassClientSettingsThroughPlainOrPrefixed() {
        AppConfig config = AppConfig.of(Map.of("linger.ms", "20", "producer.batch.size", "65536",
                "main.consumer.max.poll.records", "2000", "topic.retention.ms", "3600000",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "AWS_MSK_IAM"));
        assertThat(config.streamsProperties()).containsEntry("linger.ms", "20")
                .containsEntry("producer.batch.size", "65536")
                .containsEntry("main.consumer.max.poll.records", "2000")
                .containsEntry("topic.retention.ms", "3600000")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldNameAnUnknownKey() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("user.activity.usa.topik", "x", "linger.ms", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown configuration key user.activity.usa.topik:");
    }

    @Test
    void shouldNameAnInvalidTopic() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("events.output.topic", "bad topic")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("events.output.topic")
                .hasMessageContaining("bad topic");
    }

    @Test
    void shouldNameAnInvalidChoice() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("user.activity.usa.match", "fuzzy")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user.activity.usa.match")
                .hasMessageContaining("fuzzy");
        assertThatThrownBy(() -> AppConfig.of(Map.of("pipelines", "user-activity,typo")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pipelines")
                .hasMessageContaining("typo");
    }

    @Test
    void shouldNameAnInvalidStreamsSetting() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("processing.guarantee", "twice")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee")
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> AppConfig.of(Map.of("num.stream.threads", "many")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.stream.threads");
    }

    @Test
    void shouldRejectBlankAliases() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("user.activity.usa.aliases", "USA, ,US")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user.activity.usa.aliases");
    }

    @Test
    void shouldNameAMissingConfigFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> AppConfig.load(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldMapKeysToEnvironmentNames() {
        assertThat(AppConfig.environmentName("user.activity.usa.topic")).isEqualTo("KKB_USER_ACTIVITY_USA_TOPIC");
        assertThat(AppConfig.fromEnvironment(Map.of("KKB_PIPELINES", "events"))).isEqualTo(Map.of("pipelines", "events"));
        assertThat(AppConfig.of(Map.of("pipelines", "events")).pipelines()).isEqualTo(List.of("events"));
    }

    @Test
    void shouldRequireAnAdvertisedHostWhenTheQueryApiListensEverywhere() {
        assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.QUERY_API_BIND_ADDRESS_CONFIG, "0.0.0.0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("query.api.advertised.host")
                .hasMessageContaining("wildcard 0.0.0.0");
        AppConfig config = AppConfig.of(Map.of(AppConfig.QUERY_API_BIND_ADDRESS_CONFIG, "0.0.0.0",
                AppConfig.QUERY_API_ADVERTISED_HOST_CONFIG, "app-1.internal"));
        assertThat(config.queryAdvertisedHost()).isEqualTo("app-1.internal");
    }

    @Test
    void shouldRefuseBadQueryApiAndSalesKeySettingsByName() {
        assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.QUERY_API_PORT_CONFIG, "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query.api.port");
        assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.SALES_CDC_SORT_KEY_CONFIG, "order_id")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sales.cdc.sort.key")
                .hasMessageContaining("must differ from sales.cdc.partition.key");
        assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.SALES_CDC_PARTITION_KEY_CONFIG, " ")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sales.cdc.partition.key");
        assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.PIPELINES_CONFIG, "purchases,sales")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pipelines");
        assertThat(AppConfig.of(Map.of(AppConfig.SALES_CDC_SORT_KEY_CONFIG, "")).salesSortKey()).isNull();
    }
}
