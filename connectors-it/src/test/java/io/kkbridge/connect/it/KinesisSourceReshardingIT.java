package io.kkbridge.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * UpdateShardCount while records are being written, on kinesis-mock (kinesalite cannot reshard): every record
 * reaches Kafka once, and each partition key's records arrive in the order they were written, although the key moved
 * from a parent shard to a child shard in the middle.
 */
class KinesisSourceReshardingIT extends OnKinesisMockAndWorker {

    private static final int KEYS = 40;
    private static final int COUNT = 4_000;
    private static final KeyedRecords RECORDS = new KeyedRecords(KEYS);
    private static final int RESHARD_AFTER = 1_500;
    private static final int BATCH = 100;

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
            for (int from = 0; from < COUNT; from += BATCH) {
                kinesis.putRecords("telemetry", RECORDS.batch(from, BATCH));
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
                "kinesis.telemetry", COUNT, Duration.ofMinutes(4));

        Set<String> shardsRead = RECORDS.assertOncePerKeyInOrder(records, COUNT);
        assertThat(shardsRead).as("records came from the parents and from the children").hasSize(6);
        connect.deleteConnector("telemetry-source");
    }
}
