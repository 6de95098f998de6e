package io.kkbridge.connect.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.kkbridge.testsupport.EmbeddedKafka;

/** Reads a topic the way a downstream consumer sees it: committed records only, from the beginning. */
final class CommittedTopic {

    private CommittedTopic() {
    }

    /** Waits until the topic holds at least {@code expected} committed records, then returns all of them. */
    static List<ConsumerRecord<byte[], byte[]>> await(String bootstrapServers, String topic, int expected,
                                                      Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = EmbeddedKafka.partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Expected " + expected + " records in " + topic + " within " + timeout
                            + " but saw " + records.size());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // whatever else is there now would be a duplicate: read up to the end before returning
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < quietUntil || !reached(consumer, end)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (System.nanoTime() > deadline + Duration.ofSeconds(30).toNanos()) {
                    break;
                }
            }
        }
        return records;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : text(header.value());
    }
}
