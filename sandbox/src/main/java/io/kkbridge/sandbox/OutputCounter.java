package io.kkbridge.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.kkbridge.testsupport.EmbeddedKafka;

/**
 * Follows the output topics (committed records only, as a downstream consumer sees them) on a thread of its own
 * and counts records per topic; keeps the first record of each topic to show as an example.
 */
final class OutputCounter implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, AtomicLong> counts = new LinkedHashMap<>();
    private final Map<String, ConsumerRecord<byte[], byte[]>> firsts = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutputCounter(String bootstrapServers, Collection<String> topics) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            counts.put(topic, new AtomicLong());
            partitions.addAll(EmbeddedKafka.partitionsOf(consumer, topic));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "sandbox-output-counter");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                counts.get(record.topic()).incrementAndGet();
                firsts.putIfAbsent(record.topic(), record);
            }
        }
        consumer.close();
    }

    long count(String topic) {
        AtomicLong count = counts.get(topic);
        return count == null ? 0 : count.get();
    }

    long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    ConsumerRecord<byte[], byte[]> first(String topic) {
        return firsts.get(topic);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
