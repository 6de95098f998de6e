package io.kkbridge.sandbox;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag of the pipeline's Kafka consumers: the Streams app's group and the sink connectors' groups
 * ({@code connect-<name>}), each the sum over its partitions of the last stable offset minus the committed offset.
 */
public final class ConsumerLag implements AutoCloseable {

    private final Admin admin;
    private final List<String> groups;

    public ConsumerLag(String bootstrapServers, List<String> groups) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.groups = List.copyOf(groups);
    }

    /** Lag per group, in the order given; -1 for a group whose lag could not be read this time. */
    public Map<String, Long> lagByGroup() {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String group : groups) {
            try {
                lag.put(group, lagOf(group));
            } catch (ExecutionException | TimeoutException e) {
                lag.put(group, -1L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lag.put(group, -1L);
            }
        }
        return lag;
    }

    private long lagOf(String group) throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        if (committed.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(5, TimeUnit.SECONDS).forEach((partition, info) -> ends.put(partition, info.offset()));
        long lag = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            if (entry.getValue() != null) {
                lag += Math.max(0, ends.getOrDefault(entry.getKey(), 0L) - entry.getValue().offset());
            }
        }
        return lag;
    }

    @Override
    public void close() {
        admin.close();
    }
}
