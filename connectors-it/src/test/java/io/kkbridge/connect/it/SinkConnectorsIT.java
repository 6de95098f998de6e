package io.kkbridge.connect.it;

import static io.kkbridge.connect.it.CommittedTopic.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.firehose.BufferingHints;
import io.kkbridge.testsupport.firehose.DeliveryStreamConfig;
import io.kkbridge.testsupport.firehose.FaultPlan;
import io.kkbridge.testsupport.firehose.LocalFirehose;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import io.kkbridge.testsupport.kinesis.fault.KinesisFaultProxy;
import io.kkbridge.testsupport.kinesis.fault.ProxyFaultPlan;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The Kinesis and Firehose sink connectors on a real Connect worker, writing to kinesalite (through
 * {@link KinesisFaultProxy}, which adds the throttling and partial failures the emulator never produces) and to the
 * local Firehose endpoint: exact contents, per-key order in Kinesis, nothing lost under faults, a bounded replay
 * after a worker restart, and a clear failure for a missing stream.
 */
class SinkConnectorsIT {

    private static KinesisEmulator kinesis;
    private static KinesisFaultProxy proxy;
    private static LocalFirehose firehose;
    private static ConnectCluster connect;

    @BeforeAll
    static void start() throws Exception {
        kinesis = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
        proxy = KinesisFaultProxy.start(kinesis.endpoint());
        Path delivery = Files.createTempDirectory(Files.createDirectories(Path.of("target", "firehose")), "run-");
        firehose = LocalFirehose.start(delivery);
        connect = ConnectCluster.start(1, Map.of("offset.flush.interval.ms", "1000"));
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (firehose != null) {
            firehose.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (kinesis != null) {
            kinesis.close();
        }
    }

    @AfterEach
    void noFaults() {
        proxy.inject(ProxyFaultPlan.none());
        firehose.injectFaults(FaultPlan.none());
    }

    private static Map<String, String> kinesisSink(String topics, String mapping) {
        Map<String, String> config = common(topics);
        config.put("connector.class", "io.kkbridge.connect.kinesis.KinesisSinkConnector");
        config.put("kinesis.stream.mapping", mapping);
        config.put("aws.region", "us-east-1");
        config.put("aws.endpoint.override", proxy.endpoint().toString());
        return config;
    }

    private static Map<String, String> firehoseSink(String topics, String mapping) {
        Map<String, String> config = common(topics);
        config.put("connector.class", "io.kkbridge.connect.firehose.FirehoseSinkConnector");
        config.put("firehose.delivery.stream.mapping", mapping);
        config.put("aws.region", firehose.region());
        config.put("aws.endpoint.override", firehose.endpoint().toString());
        return config;
    }

    private static Map<String, String> common(String topics) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tasks.max", "2");
        config.put("topics", topics);
        config.put("aws.access.key.id", "test-key");
        config.put("aws.secret.access.key", "test-secret");
        config.put("aws.retry.backoff.base.ms", "20");
        config.put("aws.retry.backoff.max.ms", "200");
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return config;
    }

    /** {@code count} records for {@code keys} keys; value {@code <key>:<n>} where n counts that key's records. */
    private static List<ProducerRecord<byte[], byte[]>> records(String topic, String prefix, int count, int keys) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + (i % keys);
            String value = key + ":" + (i / keys);
            records.add(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    private static void produce(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static List<String> values(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> text(r.value())).toList();
    }

    @Test
    void shouldDeliverTwoTopicsToTheirStreamsAndDeliveryStreamsExactlyAndInKeyOrder() {
        kinesis.createStream("user-activity-usa", 2);
        kinesis.createStream("user-activity-international", 4);
        firehose.createDeliveryStream(DeliveryStreamConfig.of("usa-lake", "lake").withPrefix("usa/")
                .withBufferingHints(new BufferingHints(1, 1)));
        firehose.createDeliveryStream(DeliveryStreamConfig.of("international-lake", "lake")
                .withPrefix("international/").withBufferingHints(new BufferingHints(1, 1)));
        connect.kafka().createTopic("user-activity.usa", 2);
        connect.kafka().createTopic("user-activity.international", 4);
        List<ProducerRecord<byte[], byte[]>> usa = records("user-activity.usa", "usa", 20_000, 400);
        List<ProducerRecord<byte[], byte[]>> international =
                records("user-activity.international", "intl", 30_000, 600);

        connect.configureConnector("regions-kinesis", kinesisSink("user-activity.usa,user-activity.international",
                "user-activity.usa:user-activity-usa,user-activity.international:user-activity-international"));
        connect.configureConnector("regions-firehose", firehoseSink("user-activity.usa,user-activity.international",
                "user-activity.usa:usa-lake,user-activity.international:international-lake"));
        produce(usa);
        produce(international);

        assertKinesisHoldsExactlyInKeyOrder("user-activity-usa", values(usa));
        assertKinesisHoldsExactlyInKeyOrder("user-activity-international", values(international));
        assertThat(awaitFirehose("usa-lake", usa.size())).containsExactlyInAnyOrderElementsOf(values(usa));
        assertThat(awaitFirehose("international-lake", international.size()))
                .containsExactlyInAnyOrderElementsOf(values(international));
        assertThat(firehose.deliveredObjects("usa-lake")).allSatisfy(object ->
                assertThat(object.key()).matches("usa/\\d{4}/\\d{2}/\\d{2}/\\d{2}/usa-lake-\\d+-.+"));
        connect.deleteConnector("regions-kinesis");
        connect.deleteConnector("regions-firehose");
    }

    @Test
    void shouldLoseNothingAndKeepKeyOrderUnderThrottlingAndPartialFailures() {
        kinesis.createStream("faulty-out", 2);
        firehose.createDeliveryStream(DeliveryStreamConfig.of("faulty-lake", "lake").withPrefix("faulty/")
                .withBufferingHints(new BufferingHints(1, 1)));
        connect.kafka().createTopic("faulty", 4);
        proxy.inject(ProxyFaultPlan.seeded(7).onOperations(Set.of(ProxyFaultPlan.PUT_RECORDS))
                .withThrottledCalls(0.1).withInternalFailureCalls(0.05)
                .withThrottledEntries(0.15).withInternalFailureEntries(0.05));
        firehose.injectFaults(FaultPlan.seeded(7).withThrottledCalls(0.1).withInternalFailures(0.05)
                .withFailedEntries(0.2));
        List<ProducerRecord<byte[], byte[]>> records = records("faulty", "k", 10_000, 200);

        // throttling is retried without limit; the other injected failures count towards the attempts
        Map<String, String> kinesisConfig = kinesisSink("faulty", "faulty:faulty-out");
        kinesisConfig.put("aws.retry.max.attempts", "30");
        Map<String, String> firehoseConfig = firehoseSink("faulty", "faulty:faulty-lake");
        firehoseConfig.put("aws.retry.max.attempts", "30");
        connect.configureConnector("faulty-kinesis", kinesisConfig);
        connect.configureConnector("faulty-firehose", firehoseConfig);
        produce(records);

        assertKinesisHoldsExactlyInKeyOrder("faulty-out", values(records));
        assertThat(awaitFirehose("faulty-lake", records.size())).containsExactlyInAnyOrderElementsOf(values(records));
        assertThat(proxy.counters().byOperation().get(ProxyFaultPlan.PUT_RECORDS).entriesFailed())
                .as("entries failed by the proxy").isGreaterThan(1_000);
        assertThat(firehose.counters().recordsRejected()).as("entries rejected by Firehose").isGreaterThan(1_000);
        assertThat(connect.connectorStatus("faulty-kinesis").tasks()).allMatch(t -> t.state().equals("RUNNING"));
        connect.deleteConnector("faulty-kinesis");
        connect.deleteConnector("faulty-firehose");
    }

    @Test
    void shouldSendAtMostTheUncommittedWindowAgainAfterAWorkerRestart() throws Exception {
        kinesis.createStream("restart-out", 2);
        connect.kafka().createTopic("restart", 2);
        List<ProducerRecord<byte[], byte[]>> records = records("restart", "r", 30_000, 300);
        // a slower sink, so that the restart lands mid-stream
        Map<String, String> config = kinesisSink("restart", "restart:restart-out");
        config.put("kinesis.batch.max.records", "100");
        config.put("kinesis.max.in.flight.requests", "1");
        connect.configureConnector("restart-kinesis", config);
        produce(records);
        awaitStreamCount("restart-out", 5_000, Duration.ofMinutes(2));

        Map<TopicPartition, Long> committedBeforeStop = committedOffsets("connect-restart-kinesis");
        WorkerHandle worker = connect.embedded().workers().iterator().next();
        connect.embedded().removeWorker(worker);
        long inStreamAtStop = kinesis.readAll("restart-out").size();
        connect.embedded().addWorker();

        List<Record> written = awaitStreamCount("restart-out", records.size(), Duration.ofMinutes(3));
        Map<String, Integer> copies = new HashMap<>();
        written.forEach(r -> copies.merge(r.data().asUtf8String(), 1, Integer::sum));
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(values(records));
        Map<String, Long> offsetOfValue = offsetsOfValues("restart");
        Map<String, Integer> partitionOfValue = partitionsOfValues("restart");
        int duplicates = 0;
        for (Map.Entry<String, Integer> copy : copies.entrySet()) {
            if (copy.getValue() > 1) {
                duplicates += copy.getValue() - 1;
                TopicPartition partition = new TopicPartition("restart", partitionOfValue.get(copy.getKey()));
                assertThat(offsetOfValue.get(copy.getKey())).as("a duplicate lies in the uncommitted window")
                        .isGreaterThanOrEqualTo(committedBeforeStop.getOrDefault(partition, 0L));
            }
        }
        System.out.printf("Worker restart: %,d records in the stream at the stop, %,d duplicates after the restart "
                + "(committed offsets before the stop: %s)%n", inStreamAtStop, duplicates, committedBeforeStop);
        assertKeyOrderInEachShard("restart-out");
        connect.deleteConnector("restart-kinesis");
    }

    @Test
    void shouldFailWithAMessageNamingAMissingStream() throws InterruptedException {
        connect.kafka().createTopic("orphan", 1);
        connect.configureConnector("orphan-kinesis", kinesisSink("orphan", "orphan:no-such-stream"));
        produce(records("orphan", "o", 10, 2));

        String trace = awaitTaskFailure("orphan-kinesis", Duration.ofSeconds(60));

        assertThat(trace).contains("Kinesis stream 'no-such-stream' was not found")
                .contains("kinesis.stream.mapping").contains("topic 'orphan'");
        connect.deleteConnector("orphan-kinesis");
    }

    // ---- helpers

    private static void assertKinesisHoldsExactlyInKeyOrder(String stream, List<String> expected) {
        List<Record> written = awaitStreamCount(stream, expected.size(), Duration.ofMinutes(3));
        assertThat(written).extracting(r -> r.data().asUtf8String()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(written).allSatisfy(r -> assertThat(r.data().asUtf8String()).startsWith(r.partitionKey() + ":"));
        assertKeyOrderInEachShard(stream);
    }

    /**
     * In each shard (a key's only shard), the first copies of a key's values count 0, 1, 2, ... in stream order: no
     * value of a key overtakes an older one. Later copies (a replay after a restart) are left out.
     */
    private static void assertKeyOrderInEachShard(String stream) {
        for (List<Record> shard : kinesis.streams().readAllByShard(stream).values()) {
            Map<String, Integer> nextOfKey = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (Record record : shard) {
                String value = record.data().asUtf8String();
                if (seen.add(value)) {
                    int n = Integer.parseInt(value.substring(record.partitionKey().length() + 1));
                    int expected = nextOfKey.getOrDefault(record.partitionKey(), 0);
                    assertThat(n).as("next new record of key %s", record.partitionKey()).isEqualTo(expected);
                    nextOfKey.put(record.partitionKey(), expected + 1);
                }
            }
        }
    }

    private static List<Record> awaitStreamCount(String stream, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Record> records = kinesis.readAll(stream);
        while (records.size() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + expected + " records in Kinesis stream " + stream + " within "
                        + timeout + " but saw " + records.size());
            }
            sleep(500);
            records = kinesis.readAll(stream);
        }
        sleep(1_000); // anything more now would be a duplicate
        return kinesis.readAll(stream);
    }

    private static List<String> awaitFirehose(String deliveryStream, int expected) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            firehose.flush();
            List<String> lines = new ArrayList<>();
            for (String line : text(firehose.deliveredBytes(deliveryStream)).split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            if (lines.size() >= expected || System.nanoTime() > deadline) {
                return lines;
            }
            sleep(500);
        }
    }

    private static Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                connect.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((partition, offset) -> result.put(partition, offset.offset()));
            return result;
        }
    }

    private static Map<String, Long> offsetsOfValues(String topic) {
        Map<String, Long> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : CommittedTopic.await(connect.bootstrapServers(), topic, 1,
                Duration.ofSeconds(30))) {
            offsets.put(text(record.value()), record.offset());
        }
        return offsets;
    }

    private static Map<String, Integer> partitionsOfValues(String topic) {
        Map<String, Integer> partitions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : CommittedTopic.await(connect.bootstrapServers(), topic, 1,
                Duration.ofSeconds(30))) {
            partitions.put(text(record.value()), record.partition());
        }
        return partitions;
    }

    private static String awaitTaskFailure(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (ConnectorStateInfo.TaskState task : connect.connectorStatus(name).tasks()) {
                    if ("FAILED".equals(task.state())) {
                        return task.trace();
                    }
                }
            } catch (RuntimeException notYetKnown) {
                // not registered yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No task of " + name + " failed within " + timeout);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
