package io.kkbridge.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.topology.TopologyFactory;
import io.kkbridge.testsupport.EmbeddedKafka;
import io.kkbridge.testsupport.data.UserActivityGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of the user-activity pipeline with exactly-once against two baselines measured in the same run on the
 * same broker (a plain consumer-to-producer copy of the same bytes, and the same copy in transactions), then
 * produce-to-output latency at a fixed rate. Each throughput run reads the same pre-filled topic from the start.
 * Rounds repeat all three, each round in a different order (so that no kind of run always follows the same one), and
 * warm-up rounds are printed but left out of the medians, so JIT warm-up shows and the medians are of warm code.
 */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Streams app throughput vs passthrough baselines, and latency at a fixed rate.")
public final class StreamsAppBenchmark implements Callable<Integer> {

    private static final String INPUT = "bench.user-activity.raw";
    private static final String LATENCY_INPUT = "bench.latency.raw";

    @Option(names = "--records", description = "Records per throughput run (default: ${DEFAULT-VALUE}).")
    int records = 1_000_000;

    @Option(names = "--rounds", description = "Measured rounds of the three throughput runs (default: "
            + "${DEFAULT-VALUE}).")
    int rounds = 2;

    @Option(names = "--warmup-rounds", description = "Rounds run first and left out of the medians (default: "
            + "${DEFAULT-VALUE}).")
    int warmupRounds = 0;

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--threads", description = "Kafka Streams num.stream.threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--latency-rate", description = "Records/s of the latency run (default: ${DEFAULT-VALUE}).")
    int latencyRate = 5_000;

    @Option(names = "--latency-seconds", description = "Length of the latency run (default: ${DEFAULT-VALUE}).")
    int latencySeconds = 60;

    @Option(names = "--warmup-seconds", description = "Latency samples ignored at the start (default: ${DEFAULT-VALUE}).")
    int warmupSeconds = 15;

    @Option(names = "--data", description = "Sample sessions the records are shaped on (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data/user-activity.jsonl");

    @Option(names = {"-D", "--set"}, description = "Extra Streams app setting key=value; may be repeated.")
    Map<String, String> overrides = new HashMap<>();

    @Option(names = "--passthrough-compression", description = "compression.type of the passthrough baselines' "
            + "producers (default: ${DEFAULT-VALUE}, a plain copy; the app compresses with its own setting).")
    String passthroughCompression = "none";

    @Option(names = "--delete-finished-runs", description = "Delete each run's output topics, and their files at "
            + "once, when the run ends (default: keep them until the throughput rounds are done, so that no run's "
            + "page cache is freed while others run).")
    boolean deleteFinishedRuns;

    @Option(names = "--broker", description = "Extra broker setting key=value; may be repeated.")
    Map<String, String> brokerOverrides = new HashMap<>();

    private final Map<KafkaStreams, Path> stateDirs = new HashMap<>();
    private EmbeddedKafka kafka;
    private int run;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamsAppBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf("Streams app benchmark: %,d records x %d rounds, %d partitions, %d stream thread(s), "
                + "%d cores, JVM %s%n", records, rounds, partitions, threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Map<String, String> brokerConfig = new HashMap<>();
        // deleted topics' files go at once, not a minute later in the middle of another run
        brokerConfig.put("file.delete.delay.ms", "0");
        brokerConfig.putAll(brokerOverrides);
        try (EmbeddedKafka broker = EmbeddedKafka.start(brokerConfig)) {
            kafka = broker;
            kafka.createTopics(partitions, INPUT);
            prefill();
            List<double[]> results = new ArrayList<>();
            for (int round = 1; round <= warmupRounds + rounds; round++) {
                double[] rates = round(round);
                boolean warmup = round <= warmupRounds;
                if (!warmup) {
                    results.add(rates);
                }
                System.out.printf("%s %d: passthrough %,.0f rec/s | transactional passthrough %,.0f rec/s "
                        + "(%.2f) | streams app EOS %,.0f rec/s (%.2f of passthrough)%n",
                        warmup ? "warm-up round" : "round", warmup ? round : round - warmupRounds, rates[0],
                        rates[1], rates[1] / rates[0], rates[2], rates[2] / rates[0]);
            }
            if (rounds > 1) {
                // a single round's baseline swings by a third or more on two shared cores; medians over the rounds
                // are the steadier comparison
                double plain = median(results, 0);
                double streams = median(results, 2);
                System.out.printf("median of %d rounds after %d warm-up: passthrough %,.0f rec/s | transactional "
                        + "passthrough %,.0f rec/s | streams app EOS %,.0f rec/s (%.2f of passthrough)%n", rounds,
                        warmupRounds, plain, median(results, 1), streams, streams / plain);
            }
            deleteThroughputTopics();
            latency();
        }
        return 0;
    }

    /**
     * The three throughput runs, in an order that turns with the round (plain, transactional, app; then
     * transactional, app, plain; ...): whichever run comes first follows the previous round's last, whose garbage
     * and deleted topics the JVM and the broker are still clearing. Returns the rates as plain, transactional, app.
     */
    private double[] round(int round) throws Exception {
        double[] rates = new double[3];
        for (int i = 0; i < 3; i++) {
            int kind = (round - 1 + i) % 3;
            rates[kind] = kind == 2 ? streamsApp() : passthrough(kind == 1);
        }
        return rates;
    }

    private static double median(List<double[]> results, int column) {
        double[] values = results.stream().mapToDouble(result -> result[column]).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private void prefill() throws ExecutionException, InterruptedException {
        UserActivityGenerator generator = UserActivityGenerator.fromSample(data, 1);
        long started = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(throughputProducer())) {
            for (int i = 0; i < records; i++) {
                UserActivityGenerator.Session session = generator.next();
                bytes += session.json().length;
                producer.send(new ProducerRecord<>(INPUT, null, session.json()));
            }
            producer.flush();
        }
        System.out.printf("pre-filled %s: %,d records, %,.1f MB, in %.1f s%n", INPUT, records, bytes / 1e6,
                (System.nanoTime() - started) / 1e9);
    }

    private static Map<String, Object> throughputProducer() {
        return Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    }

    /** Copies the input to an output topic; returns the sustained rate from 10% to 100% of the records. */
    private double passthrough(boolean transactional) throws ExecutionException, InterruptedException {
        String output = "bench.passthrough." + (++run);
        kafka.createTopics(partitions, output);
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "passthrough-" + run);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        Map<String, Object> producerConfig = new HashMap<>(throughputProducer());
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, passthroughCompression);
        if (transactional) {
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "passthrough-" + run);
        }
        RateClock clock = new RateClock(records);
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(consumerConfig);
             KafkaProducer<byte[], byte[]> producer = kafka.producer(producerConfig)) {
            List<TopicPartition> inputPartitions = EmbeddedKafka.partitionsOf(consumer, INPUT);
            consumer.assign(inputPartitions);
            consumer.seekToBeginning(inputPartitions);
            if (transactional) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            long copied = 0;
            ThreadTime threadTime = null;
            long lastCommit = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            while (copied < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    producer.send(new ProducerRecord<>(output, record.key(), record.value()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                copied += batch.count();
                // the same commit cadence as Kafka Streams under exactly-once (commit.interval.ms=100)
                if (transactional && (System.nanoTime() - lastCommit > 100_000_000L || copied >= records)) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                    lastCommit = System.nanoTime();
                    if (copied < records) {
                        producer.beginTransaction();
                    }
                }
                clock.reached(copied);
                if (threadTime == null && copied >= records / 10) {
                    threadTime = ThreadTime.startHere(producer);
                }
            }
            producer.flush();
            clock.reached(copied);
            System.out.println("  " + (transactional ? "transactional " : "") + "passthrough: "
                    + threadTime.describe());
            System.out.println("  " + threadTime.topThreads(6));
        }
        deleteTopics(output);
        return clock.rate();
    }

    /** Runs the user-activity pipeline over the input; returns the sustained rate from 10% to 100%. */
    private double streamsApp() throws Exception {
        int id = ++run;
        String prefix = "bench.streams." + id + ".";
        kafka.createTopics(partitions, prefix + "usa", prefix + "international", prefix + "dlq");
        String applicationId = "bench-streams-" + id;
        KafkaStreams streams = startStreams(applicationId, INPUT, prefix);
        RateClock clock = new RateClock(records);
        ThreadTime threadTime = null;
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            long committed = 0;
            while (committed < records && System.nanoTime() < deadline) {
                Thread.sleep(20);
                committed = committedOffsets(applicationId);
                clock.reached(committed);
                if (threadTime == null && committed >= records / 10) {
                    threadTime = ThreadTime.start(applicationId, streams);
                }
            }
            if (committed < records) {
                throw new IllegalStateException("Streams app committed only " + committed + " of " + records);
            }
            System.out.println("  streams app: " + threadTime.describe());
            System.out.println("  " + threadTime.topThreads(8));
        } finally {
            close(streams);
        }
        deleteTopics(prefix + "usa", prefix + "international", prefix + "dlq");
        return clock.rate();
    }

    /**
     * Only with {@code --delete-finished-runs}. By default each run's ~400 MB stay until all rounds are done: on this
     * project's VM, memory freed by deleted files is handed back to the host (virtio-balloon free page reporting), and a
     * later write into memory the host has taken back costs about six times the kernel time of one into memory freed a
     * moment ago (BENCHMARKS.md). Deleting runs made each run's broker cost depend on which memory it happened to get;
     * keeping them gives every run the same kind of memory.
     */
    private void deleteTopics(String... topics) throws ExecutionException, InterruptedException {
        if (deleteFinishedRuns) {
            kafka.admin().deleteTopics(List.of(topics)).all().get();
        }
    }

    /**
     * The throughput runs' ~400 MB each are kept until all rounds are done (see {@link #deleteTopics}), then deleted
     * before the latency run: kept through it, the kernel writes them back to disk meanwhile, and its p99 reached
     * 173-209 ms in three runs of four (BENCHMARKS.md).
     */
    private void deleteThroughputTopics() throws ExecutionException, InterruptedException {
        List<String> topics = kafka.admin().listTopics().names().get().stream()
                .filter(topic -> topic.equals(INPUT) || topic.startsWith("bench.passthrough.")
                        || topic.startsWith("bench.streams.") || topic.startsWith("bench-streams-"))
                .toList();
        kafka.admin().deleteTopics(topics).all().get();
        // the broker removes the files, and the kernel frees their gigabytes, in the background
        Thread.sleep(15_000);
    }

    /** Closes a Streams app started by {@link #startStreams} and deletes its state directory. */
    private void close(KafkaStreams streams) throws IOException {
        streams.close(Duration.ofSeconds(30));
        Path stateDir = stateDirs.remove(streams);
        if (stateDir != null) {
            Utils.delete(stateDir.toFile());
        }
    }

    private KafkaStreams startStreams(String applicationId, String input, String prefix) throws Exception {
        Path stateDir = Files.createTempDirectory("kkbridge-bench-");
        Map<String, String> settings = new HashMap<>(overrides);
        settings.putAll(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads),
                AppConfig.PIPELINES_CONFIG, AppConfig.PIPELINE_USER_ACTIVITY,
                AppConfig.USER_ACTIVITY_INPUT_TOPIC_CONFIG, input,
                AppConfig.USER_ACTIVITY_USA_TOPIC_CONFIG, prefix + "usa",
                AppConfig.USER_ACTIVITY_INTERNATIONAL_TOPIC_CONFIG, prefix + "international",
                AppConfig.USER_ACTIVITY_DLQ_TOPIC_CONFIG, prefix + "dlq"));
        AppConfig config = AppConfig.of(settings);
        KafkaStreams streams = new KafkaStreams(TopologyFactory.build(config), config.streamsProperties());
        stateDirs.put(streams, stateDir);
        streams.start();
        return streams;
    }

    private long committedOffsets(String groupId) throws ExecutionException, InterruptedException {
        // the input topic's offsets only: the group also commits those of its internal repartition topics
        return kafka.admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get().entrySet()
                .stream().filter(e -> !e.getKey().topic().endsWith("-repartition"))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Produce-to-output latency of the user-activity pipeline at a fixed input rate, exactly-once. */
    private void latency() throws Exception {
        int id = ++run;
        String prefix = "bench.latency." + id + ".";
        kafka.createTopics(partitions, LATENCY_INPUT);
        kafka.createTopics(partitions, prefix + "usa", prefix + "international", prefix + "dlq");
        KafkaStreams streams = startStreams("bench-latency-" + id, LATENCY_INPUT, prefix);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            Thread.sleep(20);
        }
        Histogram histogram = new Histogram(60_000, 3);
        AtomicBoolean producing = new AtomicBoolean(true);
        long warmupEnds = System.currentTimeMillis() + warmupSeconds * 1000L;
        Thread producer = new Thread(() -> produceAtRate(producing), "latency-producer");
        long measured = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(Map.of())) {
            List<TopicPartition> outputs = new ArrayList<>(EmbeddedKafka.partitionsOf(consumer, prefix + "usa"));
            outputs.addAll(EmbeddedKafka.partitionsOf(consumer, prefix + "international"));
            consumer.assign(outputs);
            consumer.seekToEnd(outputs);
            outputs.forEach(consumer::position);
            producer.start();
            long ends = System.currentTimeMillis() + latencySeconds * 1000L;
            while (System.currentTimeMillis() < ends) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    if (record.timestamp() >= warmupEnds) {
                        histogram.recordValue(Math.max(0, now - record.timestamp()));
                        measured++;
                    }
                }
            }
        } finally {
            producing.set(false);
            producer.join();
            close(streams);
        }
        System.out.printf("latency at %,d rec/s, exactly-once, %d s after %d s warm-up (%,d records): "
                        + "p50 %d ms, p90 %d ms, p99 %d ms, p99.9 %d ms, max %d ms%n", latencyRate,
                latencySeconds - warmupSeconds, warmupSeconds, measured, histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90), histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }

    /** Sends at {@link #latencyRate} records/s in 10 ms slices; each record's timestamp is its send time. */
    private void produceAtRate(AtomicBoolean producing) {
        UserActivityGenerator generator = UserActivityGenerator.fromSample(data, 2);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
            long started = System.nanoTime();
            long sent = 0;
            while (producing.get()) {
                long due = (System.nanoTime() - started) * latencyRate / 1_000_000_000L;
                for (; sent < due; sent++) {
                    producer.send(new ProducerRecord<>(LATENCY_INPUT, null, System.currentTimeMillis(), null,
                            generator.next().json()));
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
