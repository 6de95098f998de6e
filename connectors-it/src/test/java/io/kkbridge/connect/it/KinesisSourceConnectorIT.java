package io.kkbridge.connect.it;

import static io.kkbridge.connect.it.CommittedTopic.header;
import static io.kkbridge.connect.it.CommittedTopic.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kkbridge.connect.kinesis.aggregation.Aggregate;
import io.kkbridge.connect.kinesis.aggregation.RecordAggregator;
import io.kkbridge.connect.kinesis.aggregation.UserRecord;
import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import io.kkbridge.testsupport.kinesis.fault.KinesisFaultProxy;
import io.kkbridge.testsupport.kinesis.fault.ProxyFaultPlan;

/** The Kinesis source connector on a real Connect worker (exactly-once source enabled) reading kinesalite. */
class KinesisSourceConnectorIT {

    private static final String CONNECTOR_CLASS = "io.kkbridge.connect.kinesis.KinesisSourceConnector";

    private static KinesisEmulator kinesis;
    private static ConnectCluster connect;
    private static EmulatorAndWorker environment;

    @BeforeAll
    static void start() {
        environment = EmulatorAndWorker.start(KinesisEmulator.Kind.KINESALITE);
        kinesis = environment.kinesis();
        connect = environment.connect();
    }

    @AfterAll
    static void stop() {
        if (environment != null) {
            environment.close();
        }
    }

    static Map<String, String> sourceConfig(String stream) {
        return sourceConfig(stream, kinesis.endpoint());
    }

    static Map<String, String> sourceConfig(String stream, URI endpoint) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "2");
        config.put("kinesis.streams", stream);
        config.put("kafka.topic.format", "kinesis.${stream}");
        config.put("aws.region", "us-east-1");
        config.put("aws.endpoint.override", endpoint.toString());
        config.put("aws.access.key.id", "test-key");
        config.put("aws.secret.access.key", "test-secret");
        config.put("kinesis.empty.shard.backoff.ms", "200");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("exactly.once.support", "required");
        return config;
    }

    private static List<PutEntry> orders(int from, int to) {
        List<PutEntry> entries = new ArrayList<>();
        for (int i = from; i < to; i++) {
            entries.add(PutEntry.of("customer-" + (i % 300), "{\"order\":" + i + "}"));
        }
        return entries;
    }

    @Test
    void shouldDeliverEveryRecordOnceWithKeyValueAndHeaders() {
        kinesis.createStream("orders", 4);
        kinesis.putRecords("orders", orders(0, 20_000));
        connect.kafka().createTopic("kinesis.orders", 4);

        connect.configureConnector("orders-source", sourceConfig("orders"));
        connect.awaitConnectorRunning("orders-source", 2, Duration.ofSeconds(60));
        List<ConsumerRecord<byte[], byte[]>> records =
                CommittedTopic.await(connect.bootstrapServers(), "kinesis.orders", 20_000, Duration.ofMinutes(3));

        assertThat(records).hasSize(20_000);
        Map<String, BigInteger> lastSequenceOfKey = new HashMap<>();
        Map<Integer, Integer> seen = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String value = text(record.value());
            int order = Integer.parseInt(value.substring("{\"order\":".length(), value.length() - 1));
            assertThat(seen.merge(order, 1, Integer::sum)).as("order %d delivered once", order).isEqualTo(1);
            assertThat(text(record.key())).isEqualTo("customer-" + (order % 300));
            assertThat(header(record, "kinesis.stream")).isEqualTo("orders");
            assertThat(header(record, "kinesis.shard.id")).startsWith("shardId-00000000000");
            assertThat(header(record, "kinesis.sub.sequence.number")).isNull();
            BigInteger sequence = new BigInteger(header(record, "kinesis.sequence.number"));
            // one key, one shard and one Kafka partition: its records must come in Kinesis order
            BigInteger previous = lastSequenceOfKey.put(text(record.key()), sequence);
            if (previous != null) {
                assertThat(sequence).as("order within key %s", text(record.key())).isGreaterThan(previous);
            }
        }
        assertThat(seen).hasSize(20_000);
        connect.deleteConnector("orders-source");
    }

    @Test
    void shouldResumeAfterAStopWithoutGapOrDuplicate() throws InterruptedException {
        kinesis.createStream("payments", 4);
        connect.kafka().createTopic("kinesis.payments", 4);
        kinesis.putRecords("payments", orders(0, 5_000));
        connect.configureConnector("payments-source", sourceConfig("payments"));
        connect.awaitConnectorRunning("payments-source", 2, Duration.ofSeconds(60));
        CommittedTopic.await(connect.bootstrapServers(), "kinesis.payments", 1, Duration.ofMinutes(1));

        connect.embedded().stopConnector("payments-source");
        kinesis.putRecords("payments", orders(5_000, 8_000));
        Thread.sleep(1_000);
        connect.embedded().resumeConnector("payments-source");
        kinesis.putRecords("payments", orders(8_000, 10_000));

        List<ConsumerRecord<byte[], byte[]>> records =
                CommittedTopic.await(connect.bootstrapServers(), "kinesis.payments", 10_000, Duration.ofMinutes(3));
        Map<String, Integer> count = new HashMap<>();
        records.forEach(r -> count.merge(text(r.value()), 1, Integer::sum));
        assertThat(count).hasSize(10_000);
        assertThat(count.values()).allMatch(c -> c == 1);
        assertThat(records).hasSize(10_000);
        connect.deleteConnector("payments-source");
    }

    @Test
    void shouldDeaggregateKplRecords() {
        kinesis.createStream("aggregated", 1);
        connect.kafka().createTopic("kinesis.aggregated", 1);
        List<UserRecord> userRecords = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            userRecords.add(UserRecord.of("device-" + (i % 5), ("reading-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<PutEntry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i += 10) {
            for (Aggregate aggregate : new RecordAggregator().aggregate(userRecords.subList(i, i + 10))) {
                entries.add(new PutEntry(aggregate.partitionKey(), aggregate.data()));
            }
        }
        assertThat(entries).hasSize(5);
        kinesis.putRecords("aggregated", entries);

        connect.configureConnector("aggregated-source", sourceConfig("aggregated"));
        List<ConsumerRecord<byte[], byte[]>> records =
                CommittedTopic.await(connect.bootstrapServers(), "kinesis.aggregated", 50, Duration.ofMinutes(2));

        assertThat(records).extracting(r -> text(r.value()))
                .containsExactlyElementsOf(userRecords.stream().map(u -> text(u.data())).toList());
        assertThat(records).extracting(r -> text(r.key()))
                .containsExactlyElementsOf(userRecords.stream().map(UserRecord::partitionKey).toList());
        assertThat(records).extracting(r -> header(r, "kinesis.sub.sequence.number"))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50)
                        .mapToObj(i -> Integer.toString(i % 10)).toList());
        connect.deleteConnector("aggregated-source");
    }

    @Test
    void shouldFailWithAMessageNamingAMissingStream() throws InterruptedException {
        connect.configureConnector("missing-source", sourceConfig("no-such-stream"));
        String trace = awaitFailureTrace("missing-source", Duration.ofSeconds(60));
        assertThat(trace).contains("no-such-stream").contains("kinesis.streams");
        connect.deleteConnector("missing-source");
    }

    @Test
    void shouldFailWithAMessageNamingTheStreamAndTheCredentialsWhenTheyAreRefused() throws InterruptedException {
        kinesis.createStream("guarded", 1);
        try (KinesisFaultProxy iam = KinesisFaultProxy.start(kinesis.endpoint(),
                ProxyFaultPlan.none().withRejectedAccessKeyIds("revoked-key"))) {
            Map<String, String> config = sourceConfig("guarded", iam.endpoint());
            config.put("aws.access.key.id", "revoked-key");
            connect.configureConnector("guarded-source", config);

            String trace = awaitFailureTrace("guarded-source", Duration.ofSeconds(60));

            assertThat(trace).contains("Kinesis stream 'guarded'").contains("UnrecognizedClientException")
                    .contains("aws.access.key.id");
            assertThat(trace).doesNotContain("test-secret");
            connect.deleteConnector("guarded-source");
        }
    }

    private static String awaitFailureTrace(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ConnectorStateInfo status = connect.connectorStatus(name);
                if ("FAILED".equals(status.connector().state())) {
                    return status.connector().trace();
                }
                for (ConnectorStateInfo.TaskState task : status.tasks()) {
                    if ("FAILED".equals(task.state())) {
                        return task.trace();
                    }
                }
            } catch (RuntimeException notYetKnown) {
                // the connector is not registered yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Connector " + name + " did not fail within " + timeout);
    }

    @Test
    void shouldReportEachInvalidKeyThroughTheRestValidation() {
        Map<String, String> config = sourceConfig("orders");
        config.put("name", "invalid-source");
        config.put("kinesis.position", "SOMETIMES");
        config.put("kinesis.records.per.request", "0");
        config.put("kafka.topic.format", "kinesis.${steam}");
        config.put("aws.endpoint.override", "not a url");

        Map<String, List<String>> errors = ConnectCluster.errors(connect.validate(CONNECTOR_CLASS, config));

        assertThat(errors).containsOnlyKeys("kinesis.position", "kinesis.records.per.request", "kafka.topic.format",
                "aws.endpoint.override");
        assertThat(errors.get("kinesis.position").get(0)).contains("SOMETIMES");
        assertThat(errors.get("kinesis.records.per.request").get(0)).contains("0");
        assertThat(errors.get("kafka.topic.format").get(0)).contains("${steam}");
        assertThat(errors.get("aws.endpoint.override").get(0)).contains("not a url");
    }
}
