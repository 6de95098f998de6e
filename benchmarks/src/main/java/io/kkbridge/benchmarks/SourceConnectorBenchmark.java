package io.kkbridge.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.kkbridge.testsupport.EmbeddedKafka;
import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.data.UserActivityGenerator;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Records/s the Kinesis source connector delivers into Kafka from a pre-filled stream, against raw GetRecords loops
 * reading the same stream from the same emulator in the same run: one loop as fast as the emulator answers, and one
 * paced like the connector (at most 5 calls/s and 2 MB/s per shard, the limits AWS enforces and the emulators do
 * not). Each round reads the whole stream from TRIM_HORIZON again.
 */
@Command(name = "source", mixinStandardHelpOptions = true,
        description = "Kinesis source connector throughput vs raw GetRecords loops on kinesalite.")
public final class SourceConnectorBenchmark implements Callable<Integer> {

    private static final String STREAM = "bench-source";
    private static final long MIN_CALL_INTERVAL_MS = 200;
    private static final long SHARD_BYTES_PER_SECOND = 2_000_000;

    @Option(names = "--records", description = "Records in the stream (default: ${DEFAULT-VALUE}).")
    int records = 200_000;

    @Option(names = "--shards", description = "Shards of the stream (default: ${DEFAULT-VALUE}).")
    int shards = 4;

    @Option(names = "--tasks", description = "The connector's tasks.max (default: ${DEFAULT-VALUE}).")
    int tasks = 2;

    @Option(names = "--rounds", description = "Rounds of the runs (default: ${DEFAULT-VALUE}).")
    int rounds = 2;

    @Option(names = "--exactly-once", description = "Run the worker with exactly.once.source.support=enabled.")
    boolean exactlyOnce;

    @Option(names = "--record-bytes", description = "Fixed size of synthetic records instead of sample-shaped "
            + "sessions; 0 for sessions (default: ${DEFAULT-VALUE}).")
    int recordBytes = 0;

    @Option(names = "--data", description = "Sample sessions the records are shaped on (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data/user-activity.jsonl");

    private KinesisEmulator kinesis;
    private ConnectCluster connect;
    private long streamBytes;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SourceConnectorBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf("Source connector benchmark: %,d records over %d shards, tasks.max %d, exactly-once %s, "
                + "%d cores, JVM %s%n", records, shards, tasks, exactlyOnce ? "on" : "off",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (KinesisEmulator emulator = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
             ConnectCluster cluster = ConnectCluster.start(1, exactlyOnce
                     ? Map.of("exactly.once.source.support", "enabled") : Map.of())) {
            kinesis = emulator;
            connect = cluster;
            prefill();
            for (int round = 1; round <= rounds; round++) {
                double raw = rawLoop(false);
                double paced = rawLoop(true);
                double connector = connector(round);
                System.out.printf("round %d: raw GetRecords loop %,.0f rec/s | paced loop %,.0f rec/s | connector "
                        + "%,.0f rec/s (%.2f of raw, %.2f of paced)%n", round, raw, paced, connector,
                        connector / raw, connector / paced);
            }
        }
        return 0;
    }

    private void prefill() throws Exception {
        kinesis.createStream(STREAM, shards);
        UserActivityGenerator generator = UserActivityGenerator.fromSample(data, 1);
        List<List<PutEntry>> slices = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            if (i % 5_000 == 0) {
                slices.add(new ArrayList<>());
            }
            UserActivityGenerator.Session session = generator.next();
            byte[] value = recordBytes > 0 ? Arrays.copyOf(session.json(), recordBytes) : session.json();
            slices.get(slices.size() - 1).add(new PutEntry(session.sessionId(), value));
            streamBytes += value.length;
        }
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (List<PutEntry> slice : slices) {
                puts.add(pool.submit(() -> kinesis.putRecords(STREAM, slice)));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf("pre-filled Kinesis stream %s: %,d records, %,.1f MB, in %.1f s%n", STREAM, records,
                streamBytes / 1e6, (System.nanoTime() - started) / 1e9);
    }

    /**
     * One thread reading every shard from TRIM_HORIZON, round-robin, 10,000 records per call; paced: each shard at
     * most every 200 ms and no faster than 2 MB/s, as the connector reads.
     */
    private double rawLoop(boolean paced) throws InterruptedException {
        KinesisClient client = kinesis.client();
        List<Shard> listed = kinesis.listShards(STREAM);
        List<String> iterators = new ArrayList<>();
        long[] notBefore = new long[listed.size()];
        for (Shard shard : listed) {
            iterators.add(client.getShardIterator(b -> b.streamName(STREAM).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        RateClock clock = new RateClock(records);
        long read = 0;
        while (!clock.done()) {
            boolean called = false;
            for (int i = 0; i < iterators.size(); i++) {
                long now = System.currentTimeMillis();
                if (paced && now < notBefore[i]) {
                    continue;
                }
                String iterator = iterators.get(i);
                GetRecordsResponse response = client.getRecords(b -> b.shardIterator(iterator).limit(10_000));
                called = true;
                long bytes = response.records().stream().mapToLong(r -> r.data().asByteArrayUnsafe().length).sum();
                notBefore[i] = now + Math.max(MIN_CALL_INTERVAL_MS, bytes * 1000 / SHARD_BYTES_PER_SECOND);
                iterators.set(i, response.nextShardIterator());
                read += response.records().size();
                clock.reached(read);
            }
            if (!called) {
                Thread.sleep(5);
            }
        }
        return clock.rate();
    }

    /** The source connector's config for a benchmark run on {@code emulator}, polling unless told otherwise. */
    static Map<String, String> connectorConfig(KinesisEmulator emulator, String stream, String topic, int tasks,
                                               boolean exactlyOnce) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.kkbridge.connect.kinesis.KinesisSourceConnector");
        config.put("tasks.max", Integer.toString(tasks));
        config.put("kinesis.streams", stream);
        config.put("kafka.topic.format", topic);
        config.put("aws.region", "us-east-1");
        config.put("aws.endpoint.override", emulator.endpoint().toString());
        config.put("aws.access.key.id", "000000000000");
        config.put("aws.secret.access.key", "bench");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("producer.override.linger.ms", "10");
        config.put("producer.override.batch.size", "262144");
        if (exactlyOnce) {
            config.put("exactly.once.support", "required");
        }
        return config;
    }

    /** Starts a connector on a new topic and times the records reaching Kafka. */
    private double connector(int round) throws InterruptedException {
        String name = "bench-source-" + round;
        String topic = "bench.source." + round;
        connect.kafka().createTopic(topic, shards);
        Map<String, String> config = connectorConfig(kinesis, STREAM, topic, tasks, exactlyOnce);
        RateClock clock = new RateClock(records);
        connect.configureConnector(name, config);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = EmbeddedKafka.partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long delivered = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!clock.done()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The connector did not deliver " + records + " records");
                }
                // counting what a read_committed consumer sees: with exactly-once the end offsets would count
                // transaction markers too
                delivered += consumer.poll(Duration.ofMillis(20)).count();
                clock.reached(delivered);
            }
        }
        connect.deleteConnector(name);
        return clock.rate();
    }
}
