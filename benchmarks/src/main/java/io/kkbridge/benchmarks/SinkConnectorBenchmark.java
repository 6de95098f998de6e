package io.kkbridge.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

import io.kkbridge.connect.kinesis.aggregation.CorruptAggregateException;
import io.kkbridge.connect.kinesis.aggregation.DeaggregatedRecord;
import io.kkbridge.connect.kinesis.aggregation.RecordDeaggregator;
import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.data.UserActivityGenerator;
import io.kkbridge.testsupport.firehose.BufferingHints;
import io.kkbridge.testsupport.firehose.DeliveryStreamConfig;
import io.kkbridge.testsupport.firehose.FaultPlan;
import io.kkbridge.testsupport.firehose.LocalFirehose;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The Kinesis sink (plain and KPL-aggregated) and the Firehose sink on an in-JVM Connect worker, measured the way the
 * awslabs kinesis-kafka-connector was: ~390-byte records from a 4-partition topic into a 4-shard kinesalite stream,
 * beside a raw single-thread PutRecords loop (500 per request) into the same emulator in the same run; the Firehose
 * sink against the local Firehose endpoint rejecting 10% of the entries. Each output is read back and checked: lost
 * records, duplicates, and per-key order inversions (a record of a key arriving before an older one of that key).
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Kinesis and Firehose sink throughput, order and losses vs a raw PutRecords loop.")
public final class SinkConnectorBenchmark implements Callable<Integer> {

    private static final String TOPIC = "bench.sink";

    @Option(names = "--records", description = "Records in the topic (default: ${DEFAULT-VALUE}).")
    int records = 200_000;

    @Option(names = "--keys", description = "Distinct record keys (default: ${DEFAULT-VALUE}).")
    int keys = 2_000;

    @Option(names = "--partitions", description = "Partitions of the topic and shards of each stream "
            + "(default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--tasks", description = "The sinks' tasks.max (default: ${DEFAULT-VALUE}).")
    int tasks = 4;

    @Option(names = "--rejected-share", description = "Share of Firehose entries rejected (default: "
            + "${DEFAULT-VALUE}).")
    double rejectedShare = 0.10;

    @Option(names = "--data", description = "Sample sessions the records are shaped on (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data/user-activity.jsonl");

    private KinesisEmulator kinesis;
    private LocalFirehose firehose;
    private ConnectCluster connect;
    private final List<String> keyOf = new ArrayList<>();
    private final List<byte[]> valueOf = new ArrayList<>();
    /** Value text to its index in the topic's key order (the n-th record of its key). */
    private final Map<String, Integer> indexInKey = new HashMap<>();
    private int run;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SinkConnectorBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf("Sink connectors benchmark: %,d records, %,d keys, %d partitions/shards, tasks.max %d, "
                + "%d cores, JVM %s%n", records, keys, partitions, tasks, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Path firehoseRoot = Files.createTempDirectory("bench-firehose-");
        try {
            return run(firehoseRoot);
        } finally {
            Utils.delete(firehoseRoot.toFile()); // the delivered objects: a run can leave hundreds of MB
        }
    }

    private int run(Path firehoseRoot) throws Exception {
        try (KinesisEmulator emulator = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
             LocalFirehose localFirehose = LocalFirehose.start(firehoseRoot);
             ConnectCluster cluster = ConnectCluster.start(1, Map.of("offset.flush.interval.ms", "500"))) {
            kinesis = emulator;
            firehose = localFirehose;
            connect = cluster;
            prefill();
            double raw = rawLoop();
            System.out.printf("raw PutRecords loop (1 thread, 500/request): %,.0f rec/s%n", raw);
            Outcome plain = kinesisSink(false);
            System.out.printf("Kinesis sink, plain:      %,.0f rec/s (%.2f of raw) | %s%n", plain.rate(),
                    plain.rate() / raw, plain);
            Outcome aggregated = kinesisSink(true);
            System.out.printf("Kinesis sink, aggregated: %,.0f rec/s (%.2f of raw) | %s%n", aggregated.rate(),
                    aggregated.rate() / raw, aggregated);
            Outcome lake = firehoseSink();
            System.out.printf("Firehose sink, %.0f%% of entries rejected: %,.0f rec/s | %s%n", rejectedShare * 100,
                    lake.rate(), lake);
        }
        return 0;
    }

    /** The topic: sample-shaped sessions, key {@code customer-<i % keys>}, each value told apart by its session id. */
    private void prefill() {
        connect.kafka().createTopic(TOPIC, partitions);
        UserActivityGenerator generator = UserActivityGenerator.fromSample(data, 1);
        long bytes = 0;
        Map<String, Integer> countOfKey = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                String key = "customer-" + (i % keys);
                byte[] value = generator.next().json();
                keyOf.add(key);
                valueOf.add(value);
                indexInKey.put(new String(value, StandardCharsets.UTF_8), countOfKey.merge(key, 1, Integer::sum) - 1);
                bytes += value.length;
                producer.send(new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        System.out.printf("pre-filled topic %s: %,d records, %,.1f MB (%.0f bytes each)%n", TOPIC, records,
                bytes / 1e6, (double) bytes / records);
    }

    private double rawLoop() {
        String stream = "bench-raw";
        kinesis.createStream(stream, partitions);
        KinesisClient client = kinesis.client();
        RateClock clock = new RateClock(records);
        int sent = 0;
        while (sent < records) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (int i = sent; i < Math.min(records, sent + 500); i++) {
                batch.add(PutRecordsRequestEntry.builder().partitionKey(keyOf.get(i))
                        .data(SdkBytes.fromByteArrayUnsafe(valueOf.get(i))).build());
            }
            while (!batch.isEmpty()) {
                List<PutRecordsRequestEntry> request = batch;
                PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(request));
                batch = new ArrayList<>();
                for (int i = 0; i < request.size(); i++) {
                    PutRecordsResultEntry result = response.records().get(i);
                    if (result.errorCode() != null) {
                        batch.add(request.get(i));
                    }
                }
            }
            sent = Math.min(records, sent + 500);
            clock.reached(sent);
        }
        return clock.rate();
    }

    private Outcome kinesisSink(boolean aggregated) throws Exception {
        String stream = aggregated ? "bench-aggregated" : "bench-plain";
        kinesis.createStream(stream, partitions);
        Map<String, String> config = sinkConfig();
        config.put("connector.class", "io.kkbridge.connect.kinesis.KinesisSinkConnector");
        config.put("kinesis.stream", stream);
        config.put("aws.region", "us-east-1");
        config.put("aws.endpoint.override", kinesis.endpoint().toString());
        config.put("kinesis.aggregation.enabled", Boolean.toString(aggregated));
        double rate = timeConnector(stream, config);
        List<String[]> written = new ArrayList<>();
        RecordDeaggregator deaggregator = new RecordDeaggregator();
        for (Map.Entry<String, List<Record>> shard : kinesis.streams().readAllByShard(stream).entrySet()) {
            for (Record record : shard.getValue()) {
                try {
                    for (DeaggregatedRecord user : deaggregator.deaggregate(record)) {
                        written.add(new String[] {user.userRecord().partitionKey(),
                                new String(user.userRecord().data(), StandardCharsets.UTF_8), shard.getKey()});
                    }
                } catch (CorruptAggregateException e) {
                    throw new IllegalStateException("corrupt aggregate in " + stream, e);
                }
            }
        }
        return check(rate, written);
    }

    private Outcome firehoseSink() throws Exception {
        String deliveryStream = "bench-lake";
        firehose.createDeliveryStream(DeliveryStreamConfig.of(deliveryStream, "lake")
                .withBufferingHints(new BufferingHints(64, 60)));
        firehose.injectFaults(FaultPlan.seeded(11).withFailedEntries(rejectedShare));
        Map<String, String> config = sinkConfig();
        config.put("connector.class", "io.kkbridge.connect.firehose.FirehoseSinkConnector");
        config.put("firehose.delivery.stream", deliveryStream);
        config.put("aws.region", firehose.region());
        config.put("aws.endpoint.override", firehose.endpoint().toString());
        // rejected entries are ServiceUnavailable, which counts towards the attempts; at 10% a record fails 30
        // times in a row with a probability of 1e-30
        config.put("aws.retry.max.attempts", "30");
        double rate = timeConnector(deliveryStream, config);
        firehose.flush();
        List<String[]> written = new ArrayList<>();
        for (String line : new String(firehose.deliveredBytes(deliveryStream), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                written.add(new String[] {null, line, null});
            }
        }
        long rejected = firehose.counters().recordsRejected();
        Outcome outcome = check(rate, written);
        System.out.printf("  (the endpoint rejected %,d entries, all retried)%n", rejected);
        return outcome;
    }

    private Map<String, String> sinkConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", TOPIC);
        config.put("aws.access.key.id", "bench");
        config.put("aws.secret.access.key", "bench");
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("consumer.override.max.poll.records", "2000");
        return config;
    }

    /** Runs the connector from the topic's start; the rate of records whose offsets it committed. */
    private double timeConnector(String target, Map<String, String> config) throws Exception {
        String name = "bench-sink-" + (++run) + "-" + target;
        RateClock clock = new RateClock(records);
        connect.configureConnector(name, config);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                connect.bootstrapServers()))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (!clock.done()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " did not commit " + records + " records");
                }
                Thread.sleep(50);
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("connect-" + name).partitionsToOffsetAndMetadata().get();
                clock.reached(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
            }
        }
        connect.deleteConnector(name);
        return clock.rate();
    }

    /** @param written key (or null), value and shard (or null) of each record written, in stream order per shard */
    private Outcome check(double rate, List<String[]> written) {
        Map<String, Integer> copies = new HashMap<>();
        Map<String, Integer> lastIndexOfKeyInShard = new HashMap<>();
        long inversions = 0;
        for (String[] record : written) {
            String value = record[1];
            if (copies.merge(value, 1, Integer::sum) > 1 || record[0] == null) {
                continue; // a duplicate's position says nothing about order; Firehose has no keys
            }
            Integer index = indexInKey.get(value);
            if (index == null) {
                throw new IllegalStateException("a record that was never sent: " + value);
            }
            String keyInShard = record[0] + "@" + record[2];
            Integer last = lastIndexOfKeyInShard.put(keyInShard, index);
            if (last != null && index < last) {
                inversions++;
            }
        }
        long duplicates = copies.values().stream().mapToLong(c -> c - 1).sum();
        long lost = records - copies.size();
        return new Outcome(rate, lost, duplicates, written.get(0)[0] == null ? -1 : inversions);
    }

    private record Outcome(double rate, long lost, long duplicates, long inversions) {
        @Override
        public String toString() {
            return String.format("lost %,d, duplicates %,d%s", lost, duplicates,
                    inversions < 0 ? "" : String.format(", per-key inversions %,d", inversions));
        }
    }
}
