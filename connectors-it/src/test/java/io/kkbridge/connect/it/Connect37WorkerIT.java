package io.kkbridge.connect.it;

import static io.kkbridge.connect.it.CommittedTopic.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kkbridge.testsupport.EmbeddedKafka;
import io.kkbridge.testsupport.connect.ConnectWorkerProcess;
import io.kkbridge.testsupport.firehose.BufferingHints;
import io.kkbridge.testsupport.firehose.DeliveryStreamConfig;
import io.kkbridge.testsupport.firehose.LocalFirehose;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The plugin ZIP, unpacked on the plugin.path of a plain Kafka Connect 3.7 worker (what MSK Connect runs) in its own
 * JVM, from that version's Maven artifacts: all three connectors load, and records go Kinesis → Kafka → Kinesis and
 * Firehose there. This is what proves the plugin uses no Connect API newer than 3.7 and bundles what it needs.
 */
class Connect37WorkerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 2_000;

    private static EmbeddedKafka kafka;
    private static KinesisEmulator kinesis;
    private static LocalFirehose firehose;
    private static ConnectWorkerProcess worker;

    @BeforeAll
    static void start() throws IOException {
        // under target/, not a temporary folder: the worker's log must outlive a failed run
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "connect37")), "run-");
        kafka = EmbeddedKafka.start();
        kinesis = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
        firehose = LocalFirehose.start(work.resolve("firehose"));
        String classpath = Files.readString(Path.of(System.getProperty("kkbridge.worker37.classpath"))).trim();
        worker = ConnectWorkerProcess.start(classpath, Path.of(System.getProperty("kkbridge.worker37.log4j")),
                Path.of(System.getProperty("kkbridge.plugin.dir")), kafka.bootstrapServers(), work.resolve("worker"),
                Map.of(), List.of("-Daws.cborEnabled=false"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {worker, firehose, kinesis, kafka}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void shouldListTheThreeConnectorsWithThePluginVersion() throws IOException {
        JsonNode plugins = JSON.readTree(worker.get("/connector-plugins").body());
        Map<String, String> versions = new LinkedHashMap<>();
        plugins.forEach(plugin -> versions.put(plugin.get("class").asText(), plugin.get("version").asText()));

        assertThat(versions).containsEntry("io.kkbridge.connect.kinesis.KinesisSourceConnector", "0.1.0-SNAPSHOT")
                .containsEntry("io.kkbridge.connect.kinesis.KinesisSinkConnector", "0.1.0-SNAPSHOT")
                .containsEntry("io.kkbridge.connect.firehose.FirehoseSinkConnector", "0.1.0-SNAPSHOT");
    }

    @Test
    void shouldMoveRecordsFromKinesisThroughKafkaToKinesisAndFirehose() throws Exception {
        kinesis.createStream("orders", 2);
        kinesis.createStream("orders-copy", 2);
        kafka.createTopics(2, "orders");
        firehose.createDeliveryStream(DeliveryStreamConfig.of("orders-lake", "lake")
                .withBufferingHints(new BufferingHints(1, 1)));
        List<PutEntry> entries = IntStream.range(0, RECORDS)
                .mapToObj(i -> PutEntry.of("customer-" + (i % 50), "{\"order\":" + i + "}")).toList();
        kinesis.putRecords("orders", entries);

        configure("orders-source", Map.of(
                "connector.class", "io.kkbridge.connect.kinesis.KinesisSourceConnector",
                "tasks.max", "2",
                "kinesis.streams", "orders",
                "aws.region", "us-east-1",
                "aws.endpoint.override", kinesis.endpoint().toString(),
                "aws.access.key.id", "test-key",
                "aws.secret.access.key", "test-secret",
                "kinesis.empty.shard.backoff.ms", "200",
                // the partition key is a string; the worker's default ByteArrayConverter takes bytes only
                "key.converter", "org.apache.kafka.connect.storage.StringConverter"));
        configure("orders-copy-sink", Map.of(
                "connector.class", "io.kkbridge.connect.kinesis.KinesisSinkConnector",
                "topics", "orders",
                "kinesis.stream", "orders-copy",
                "aws.region", "us-east-1",
                "aws.endpoint.override", kinesis.endpoint().toString(),
                "aws.access.key.id", "test-key",
                "aws.secret.access.key", "test-secret"));
        configure("orders-lake-sink", Map.of(
                "connector.class", "io.kkbridge.connect.firehose.FirehoseSinkConnector",
                "topics", "orders",
                "firehose.delivery.stream", "orders-lake",
                "aws.region", firehose.region(),
                "aws.endpoint.override", firehose.endpoint().toString(),
                "aws.access.key.id", "test-key",
                "aws.secret.access.key", "test-secret"));

        List<ConsumerRecord<byte[], byte[]>> inKafka =
                CommittedTopic.await(kafka.bootstrapServers(), "orders", RECORDS, Duration.ofMinutes(2));
        assertThat(inKafka).extracting(r -> text(r.value()))
                .containsExactlyInAnyOrderElementsOf(entries.stream().map(e -> text(e.data())).toList());

        List<Record> copied = awaitStream("orders-copy", RECORDS, Duration.ofMinutes(2));
        assertThat(copied).extracting(r -> r.partitionKey() + "=" + r.data().asUtf8String())
                .containsExactlyInAnyOrderElementsOf(entries.stream()
                        .map(e -> e.partitionKey() + "=" + text(e.data())).toList());

        List<String> lake = awaitFirehose("orders-lake", RECORDS, Duration.ofMinutes(2));
        assertThat(lake).containsExactlyInAnyOrderElementsOf(entries.stream().map(e -> text(e.data())).toList());
    }

    private static void configure(String name, Map<String, String> config) throws IOException {
        var response = worker.put("/connectors/" + name + "/config", JSON.writeValueAsString(config));
        assertThat(response.statusCode()).as("PUT %s: %s", name, response.body()).isIn(200, 201);
    }

    private static List<Record> awaitStream(String stream, int expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Record> records = kinesis.readAll(stream);
        while (records.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
            records = kinesis.readAll(stream);
        }
        return records;
    }

    private static List<String> awaitFirehose(String deliveryStream, int expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> records = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            firehose.flush();
            records = new ArrayList<>();
            for (byte[] object : List.of(firehose.deliveredBytes(deliveryStream))) {
                for (String line : text(object).split("\n")) {
                    if (!line.isEmpty()) {
                        records.add(line);
                    }
                }
            }
            if (records.size() >= expected) {
                break;
            }
            Thread.sleep(500);
        }
        return records;
    }
}
