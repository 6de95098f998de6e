package io.kkbridge.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kkbridge.sandbox.PipelineProvisioner;
import io.kkbridge.testsupport.EmbeddedKafka;
import io.kkbridge.testsupport.kinesis.KinesisStreams;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The end-to-end proof, whoever runs the parts: the 446 sample sessions put into Kinesis {@code user-activity} come
 * out of the per-region Kinesis streams (101 USA, 345 international) and the Firehose delivery streams, each with
 * every original field unchanged and the reference consumer's numbers; malformed records land on the dead-letter
 * topic; in = out + dead letters. {@link EmbeddedPipelineIT} runs it on this machine's stand-ins,
 * {@link ContainerPipelineIT} on containers (Kafka, LocalStack) where Docker exists.
 */
abstract class PipelineEndToEndContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ADDED_FIELDS = List.of("processing_timestamp", "overall_product_quantity",
            "overall_in_shopping_cart", "total_different_products");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int MALFORMED = 2;

    /** What the test needs of a running pipeline: streams, topics, delivery streams and connectors in place. */
    interface RunningPipeline {
        KinesisClient kinesis();

        String bootstrapServers();

        /** The records a delivery stream delivered to S3 so far, one per line. */
        List<String> firehoseRecords(String deliveryStream);
    }

    abstract RunningPipeline pipeline();

    static Path dataDir() {
        return Path.of(System.getProperty("kkbridge.data.dir", "../data"));
    }

    @Test
    void shouldCarryTheSampleSessionsToThePerRegionStreamsAndFirehoseWithTheReferenceEnrichment() throws Exception {
        List<String> sample = Files.readAllLines(dataDir().resolve("user-activity.jsonl"), StandardCharsets.UTF_8);
        Map<String, JsonNode> expected = new HashMap<>();
        for (String line : Files.readAllLines(dataDir().resolve("user-activity.expected.jsonl"))) {
            JsonNode node = JSON.readTree(line);
            expected.put(node.get("session_id").asText(), node);
        }
        Map<String, JsonNode> inputs = new HashMap<>();
        List<PutEntry> entries = new ArrayList<>();
        for (String line : sample) {
            JsonNode session = JSON.readTree(line);
            inputs.put(session.get("session_id").asText(), session);
            entries.add(PutEntry.of(session.get("session_id").asText(), line));
        }
        for (int i = 0; i < MALFORMED; i++) {
            entries.add(PutEntry.of("broken-" + i, "{\"session_id\": \"broken-" + i + "\", \"country\": "));
        }
        KinesisStreams kinesis = new KinesisStreams(pipeline().kinesis());

        kinesis.putRecords(PipelineProvisioner.USER_ACTIVITY_STREAM, entries);

        List<Record> usa = await(() -> kinesis.readAll(PipelineProvisioner.USA_STREAM), 101, "Kinesis "
                + PipelineProvisioner.USA_STREAM);
        List<Record> international = await(() -> kinesis.readAll(PipelineProvisioner.INTERNATIONAL_STREAM), 345,
                "Kinesis " + PipelineProvisioner.INTERNATIONAL_STREAM);
        assertThat(usa).hasSize(101);
        assertThat(international).hasSize(345);
        assertEnriched(usa, "USA", inputs, expected);
        assertEnriched(international, "International", inputs, expected);

        List<String> usaLake = await(() -> pipeline().firehoseRecords("user-activity-usa"), 101,
                "Firehose user-activity-usa");
        List<String> internationalLake = await(() -> pipeline().firehoseRecords("user-activity-international"), 345,
                "Firehose user-activity-international");
        assertThat(usaLake).containsExactlyInAnyOrderElementsOf(usa.stream().map(r -> r.data().asUtf8String())
                .toList());
        assertThat(internationalLake).containsExactlyInAnyOrderElementsOf(international.stream()
                .map(r -> r.data().asUtf8String()).toList());

        List<ConsumerRecord<byte[], byte[]>> deadLetters = awaitTopic("user-activity.dlq", MALFORMED);
        assertThat(deadLetters).hasSize(MALFORMED).allSatisfy(dead -> {
            assertThat(header(dead, "kkb.dlq.error.class")).isEqualTo("MALFORMED_JSON");
            assertThat(header(dead, "kkb.dlq.source.topic")).isEqualTo("user-activity.raw");
            assertThat(header(dead, "kinesis.stream")).isEqualTo(PipelineProvisioner.USER_ACTIVITY_STREAM);
        });
        assertThat(deadLetters).extracting(dead -> new String(dead.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("broken-0", "broken-1");
        assertThat(usa.size() + international.size() + deadLetters.size()).as("in = out + dead letters")
                .isEqualTo(entries.size());
    }

    private static void assertEnriched(List<Record> records, String destination, Map<String, JsonNode> inputs,
                                       Map<String, JsonNode> expected) throws IOException {
        for (Record record : records) {
            JsonNode output = JSON.readTree(record.data().asByteArray());
            String sessionId = output.get("session_id").asText();
            assertThat(record.partitionKey()).as("partition key").isEqualTo(sessionId);
            JsonNode input = inputs.get(sessionId);
            JsonNode reference = expected.get(sessionId);
            assertThat(reference.get("destination").asText()).as("route of %s", sessionId).isEqualTo(destination);
            List<String> names = new ArrayList<>();
            output.fieldNames().forEachRemaining(names::add);
            List<String> expectedNames = new ArrayList<>();
            input.fieldNames().forEachRemaining(expectedNames::add);
            expectedNames.addAll(ADDED_FIELDS);
            assertThat(names).as("fields of %s", sessionId).isEqualTo(expectedNames);
            for (Iterator<String> it = input.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                assertThat(output.get(name)).as("%s of %s", name, sessionId).isEqualTo(input.get(name));
            }
            for (String number : List.of("overall_product_quantity", "overall_in_shopping_cart",
                    "total_different_products")) {
                assertThat(output.get(number).asLong()).as("%s of %s", number, sessionId)
                        .isEqualTo(reference.get(number).asLong());
            }
            assertThat(Instant.parse(output.get("processing_timestamp").asText())).isBefore(Instant.now());
        }
    }

    private static <T> List<T> await(Supplier<List<T>> read, int expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<T> seen = read.get();
        while (seen.size() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + expected + " records in " + what + " within " + TIMEOUT
                        + " but saw " + seen.size());
            }
            Thread.sleep(500);
            seen = read.get();
        }
        Thread.sleep(1_000); // anything more would be a duplicate
        return read.get();
    }

    private List<ConsumerRecord<byte[], byte[]>> awaitTopic(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = EmbeddedKafka.partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < quietUntil) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
