package io.kkbridge.connect.it;

import static io.kkbridge.connect.it.CommittedTopic.header;
import static io.kkbridge.connect.it.CommittedTopic.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * UpdateShardCount while records are being written, on kinesis-mock (kinesalite cannot reshard): every record
 * reaches Kafka once, and each partition key's records arrive in the order they were written, although the key moved
 * from a parent shard to a child shard in the middle.
 */
class KinesisSourceReshardingIT {

    private static final int KEYS = 40;
    private static final int RECORDS = 4_000;
    private static final int RESHARD_AFTER = 1_500;
    private static final int BATCH = 100;

    private static KinesisEmulator kinesis;
    private static ConnectCluster connect;

    @BeforeAll
    static void start() {
        kinesis = KinesisEmulator.start(KinesisEmulator.Kind.KINESIS_MOCK);
        connect = ConnectCluster.start(1, Map.of("exactly.once.source.support", "enabled"));
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (kinesis != null) {
            kinesis.close();
        }
    }

    /** Record i belongs to key i % KEYS and says which of that key's records it is. */
    private static List<PutEntry> batch(int from) {
        List<PutEntry> entries = new ArrayList<>();
        for (int i = from; i < from + BATCH; i++) {
            entries.add(PutEntry.of("device-" + (i % KEYS), (i % KEYS) + ":" + (i / KEYS)));
        }
        return entries;
    }

    @Test
    void shouldKeepEveryKeysOrderAcrossUpdateShardCount() throws Exception {
        kinesis.createStream("telemetry", 2);
        connect.kafka().createTopic("kinesis.telemetry", 4);
        Map<String, String> config = KinesisSourceConnectorIT.sourceConfig("telemetry", kinesis.endpoint());
        config.put("kinesis.shard.discovery.interval.ms", "1000");
        config.put("kinesis.parent.shard.check.interval.ms", "500");
        connect.configureConnector("telemetry-source", config);
        connect.awaitConnectorRunning("telemetry-source", 2, Duration.ofSeconds(60));

        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int from = 0; from < RECORDS; from += BATCH) {
                kinesis.putRecords("telemetry", batch(from));
                if (from + BATCH == RESHARD_AFTER) {
                    kinesis.updateShardCount("telemetry", 4);
                }
            }
        });
        producer.get(5, TimeUnit.MINUTES);

        List<Shard> shards = kinesis.listShards("telemetry");
        Set<String> parents = new TreeSet<>();
        shards.stream().filter(shard -> shard.parentShardId() != null).forEach(shard -> parents.add(
                shard.parentShardId()));
        assertThat(shards).as("two parents split into four children").hasSize(6);
        assertThat(parents).hasSize(2);

        List<ConsumerRecord<byte[], byte[]>> records = CommittedTopic.await(connect.bootstrapServers(),
                "kinesis.telemetry", RECORDS, Duration.ofMinutes(4));

        assertThat(records).hasSize(RECORDS);
        Map<String, Integer> nextOfKey = new HashMap<>();
        Set<String> shardsRead = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) { // in partition order: a key has one partition
            String[] keyAndIndex = text(record.value()).split(":");
            String key = "device-" + keyAndIndex[0];
            assertThat(text(record.key())).isEqualTo(key);
            int expected = nextOfKey.getOrDefault(key, 0);
            assertThat(Integer.parseInt(keyAndIndex[1])).as("next record of %s", key).isEqualTo(expected);
            nextOfKey.put(key, expected + 1);
            shardsRead.add(header(record, "kinesis.shard.id"));
        }
        assertThat(nextOfKey).hasSize(KEYS).allSatisfy((key, count) -> assertThat(count).isEqualTo(RECORDS / KEYS));
        assertThat(shardsRead).as("records came from the parents and from the children").hasSize(6);
        connect.deleteConnector("telemetry-source");
    }
}
