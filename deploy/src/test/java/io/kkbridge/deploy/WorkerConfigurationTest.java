package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kkbridge.connect.kinesis.aggregation.DeaggregatedRecord;
import io.kkbridge.connect.kinesis.aggregation.UserRecord;
import io.kkbridge.connect.kinesis.sink.RecordValueBytes;
import io.kkbridge.connect.kinesis.source.KinesisRecordConverter;
import io.kkbridge.connect.kinesis.source.ShardOffset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

/** deploy/msk-connect/worker-configuration.properties: keys MSK Connect takes, converters that keep bytes. */
class WorkerConfigurationTest {

    /**
     * Worker keys and key prefixes MSK Connect refuses in a custom worker configuration ("Supported worker
     * configuration properties", Amazon MSK developer guide). producer.* and consumer.* keys are refused too, except
     * the ones it lists.
     */
    private static final List<String> MSK_CONNECT_REFUSED_PREFIXES = List.of("access.control.", "admin.",
            "admin.listeners.https.", "client.", "connect.", "inter.worker.", "internal.", "listeners.https.",
            "metrics.", "metrics.context.", "rest.", "sasl.", "security.", "socket.", "ssl.", "topic.tracking.",
            "worker.", "producer.", "consumer.");
    private static final Set<String> MSK_CONNECT_REFUSED_KEYS = Set.of("bootstrap.servers", "config.storage.topic",
            "connections.max.idle.ms", "connector.client.config.override.policy", "group.id", "listeners",
            "metric.reporters", "plugin.path", "receive.buffer.bytes", "response.http.headers.config",
            "scheduled.rebalance.max.delay.ms", "send.buffer.bytes", "status.storage.topic");

    private static final String ARN_PREFIX_SAFE_TOPIC = "__amazon_msk_connect_";

    private final Properties worker = DeployFiles.properties("msk-connect/worker-configuration.properties");

    @Test
    void shouldHoldOnlyKeysOfAConnect37WorkerThatMskConnectAccepts() {
        Map<String, String> props = new HashMap<>();
        worker.stringPropertyNames().forEach(key -> props.put(key, worker.getProperty(key)));
        // what MSK Connect sets itself, so that the worker's own validation can run here
        Map<String, String> withManagedKeys = new HashMap<>(props);
        withManagedKeys.putAll(Map.of("bootstrap.servers", "127.0.0.1:9092", "group.id", "g",
                "config.storage.topic", "c", "status.storage.topic", "s"));

        Set<String> known = new DistributedConfig(withManagedKeys).values().keySet();

        Set<String> unknown = new TreeSet<>(props.keySet());
        unknown.removeAll(known);
        assertThat(unknown).as("not Connect 3.7 worker keys").isEmpty();
        for (String key : props.keySet()) {
            assertThat(MSK_CONNECT_REFUSED_KEYS).as("MSK Connect refuses " + key).doesNotContain(key);
            assertThat(MSK_CONNECT_REFUSED_PREFIXES).as("MSK Connect refuses " + key)
                    .noneMatch(key::startsWith);
        }
        assertThat(props).containsKeys("key.converter", "value.converter"); // MSK Connect requires both
        // the execution role may use only MSK Connect's topic prefix for the worker's internal topics
        assertThat(props.get("offset.storage.topic")).startsWith(ARN_PREFIX_SAFE_TOPIC);
    }

    @Test
    void shouldWriteTheSourceConnectorsRecordsToKafkaByteForByte() throws Exception {
        byte[] data = "{\"session_id\": \"s-1\", \"country\": \"Luleå\"}".getBytes(StandardCharsets.UTF_8);
        Record kinesisRecord = Record.builder().partitionKey("customer-315").data(SdkBytes.fromByteArray(data))
                .sequenceNumber("49590338271490256608559692538361571095921575989136588898")
                .approximateArrivalTimestamp(Instant.parse("2026-12-01T08:00:00Z")).build();
        SourceRecord record = new KinesisRecordConverter("user-activity", "shardId-000000000000", "user-activity.raw")
                .toSourceRecord(kinesisRecord, new DeaggregatedRecord(UserRecord.of("customer-315", data), 0, false),
                        ShardOffset.after(kinesisRecord.sequenceNumber()));

        byte[] key = converter("key.converter", true).fromConnectData(record.topic(), record.keySchema(), record.key());
        byte[] value = converter("value.converter", false)
                .fromConnectData(record.topic(), record.valueSchema(), record.value());

        assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("customer-315");
        assertThat(value).isEqualTo(data);
    }

    @Test
    void shouldHandTheSinksTheKafkaValueByteForByteAndTheKeyAsText() throws Exception {
        byte[] value = {0x7b, 0x22, (byte) 0xc3, (byte) 0xa5, 0x22, 0x7d, 0x00, (byte) 0xff};

        SchemaAndValue converted = converter("value.converter", false).toConnectData("user-activity.usa", value);
        SchemaAndValue key = converter("key.converter", true)
                .toConnectData("user-activity.usa", "s-1".getBytes(StandardCharsets.UTF_8));

        assertThat(RecordValueBytes.of(converted.value(), "user-activity-usa")).isEqualTo(value);
        assertThat(key.value()).isEqualTo("s-1");
    }

    private Converter converter(String key, boolean isKey) throws ReflectiveOperationException {
        Converter converter = (Converter) Class.forName(worker.getProperty(key)).getDeclaredConstructor().newInstance();
        converter.configure(Map.of(), isKey);
        return converter;
    }
}
