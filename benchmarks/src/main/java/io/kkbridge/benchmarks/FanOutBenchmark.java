package io.kkbridge.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.kkbridge.testsupport.EmbeddedKafka;
import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * The Kinesis source connector polling against enhanced fan-out, on one kinesis-mock emulator in one run: latency from
 * PutRecords to Kafka at a steady rate, and throughput reading a pre-filled stream. The worker, the Kafka broker and
 * the clients share this JVM, so PutRecords and arrival are timed on the same clock ({@code System.nanoTime()}, sent in
 * each record's data). Each mode runs its own connector on its own stream and topic. A plain SDK subscriber on a
 * third stream gives the emulator's own SubscribeToShard latency, the floor of any EFO consumer on it.
 */
@Command(name = "efo", mixinStandardHelpOptions = true,
        description = "Kinesis source connector: polling vs enhanced fan-out latency and throughput on kinesis-mock.")
public final class FanOutBenchmark implements Callable<Integer> {

    private static final int KEYS = 100;
    private static final int PUT_SLICES_PER_SECOND = 5;
    private static final int PRODUCERS = 2;

    @Option(names = "--shards", description = "Shards of each stream (default: ${DEFAULT-VALUE}).")
    int shards = 4;

    @Option(names = "--tasks", description = "The connectors' tasks.max (default: ${DEFAULT-VALUE}).")
    int tasks = 2;

    @Option(names = "--rate", description = "Records/s written during the latency runs (default: ${DEFAULT-VALUE}).")
    int rate = 500;

    @Option(names = "--warmup-seconds", description = "Latency run time not counted (default: ${DEFAULT-VALUE}).")
    int warmupSeconds = 10;

    @Option(names = "--latency-seconds", description = "Latency run time counted (default: ${DEFAULT-VALUE}).")
    int latencySeconds = 30;

    @Option(names = "--throughput-records", description = "Records pre-filled for the throughput runs "
            + "(default: ${DEFAULT-VALUE}).")
    int throughputRecords = 30_000;

    @Option(names = "--record-bytes", description = "Size of each record's data (default: ${DEFAULT-VALUE}).")
    int recordBytes = 300;

    @Option(names = "--exactly-once", description = "Run the worker with exactly.once.source.support=enabled.")
    boolean exactlyOnce;

    private KinesisEmulator kinesis;
    private ConnectCluster connect;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FanOutBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf("Enhanced fan-out benchmark on kinesis-mock: %d shards, tasks.max %d, %d records/s for "
                + "%d s (+%d s warm-up), %,d records for throughput, %d bytes each, exactly-once %s, %d cores, "
                + "JVM %s%n", shards, tasks, rate, latencySeconds, warmupSeconds, throughputRecords, recordBytes,
                exactlyOnce ? "on" : "off", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try (KinesisEmulator emulator = KinesisEmulator.start(KinesisEmulator.Kind.KINESIS_MOCK);
             ConnectCluster cluster = ConnectCluster.start(1, exactlyOnce
                     ? Map.of("exactly.once.source.support", "enabled") : Map.of())) {
            kinesis = emulator;
            connect = cluster;
            List<String> lines = new ArrayList<>();
            // latency first: kinesis-mock's PutRecords slows down with the records it holds
            for (String mode : List.of("POLLING", "EFO")) {
                lines.add(latency(mode));
                System.out.println(lines.get(lines.size() - 1));
            }
            lines.add(rawSubscriptionLatency());
            System.out.println(lines.get(lines.size() - 1));
            prefill("bench-throughput", throughputRecords);
            for (String mode : List.of("POLLING", "EFO")) {
                double recordsPerSecond = throughput(mode);
                lines.add(String.format(Locale.ROOT, "%s throughput: %,.0f records/s", mode, recordsPerSecond));
                System.out.println(lines.get(lines.size() - 1));
            }
            System.out.println("Summary:");
            lines.forEach(System.out::println);
        }
        return 0;
    }

    private byte[] data(long sentNanos) {
        StringBuilder text = new StringBuilder(Long.toString(sentNanos)).append(':');
        while (text.length() < recordBytes) {
            text.append('x');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void prefill(String stream, int records) {
        kinesis.createStream(stream, shards);
        long started = System.nanoTime();
        for (int from = 0; from < records; from += 500) {
            List<PutEntry> batch = new ArrayList<>();
            for (int i = from; i < Math.min(records, from + 500); i++) {
                batch.add(new PutEntry("key-" + (i % KEYS), data(0)));
            }
            kinesis.putRecords(stream, batch);
        }
        System.out.printf("pre-filled %s: %,d records in %.1f s%n", stream, records,
                (System.nanoTime() - started) / 1e9);
    }

    private Map<String, String> connectorConfig(String mode, String stream, String topic) {
        Map<String, String> config = SourceConnectorBenchmark.connectorConfig(kinesis, stream, topic, tasks,
                exactlyOnce);
        config.put("producer.override.linger.ms", "5");
        config.put("kinesis.consumer.type", mode);
        if (mode.equals("EFO")) {
            config.put("kinesis.efo.endpoint.override", kinesis.tlsEndpoint().orElseThrow().toString());
            config.put("kinesis.efo.tls.trust.all.certificates", "true");
        }
        return config;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = EmbeddedKafka.partitionsOf(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Records/s from 10% to 100% of the pre-filled stream reaching Kafka. */
    private double throughput(String mode) {
        String name = "bench-throughput-" + mode.toLowerCase(Locale.ROOT);
        String topic = "bench.throughput." + mode.toLowerCase(Locale.ROOT);
        connect.kafka().createTopic(topic, shards);
        RateClock clock = new RateClock(throughputRecords);
        connect.configureConnector(name, connectorConfig(mode, "bench-throughput", topic));
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(topic)) {
            long delivered = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!clock.done()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(mode + " did not deliver " + throughputRecords + " records");
                }
                delivered += consumer.poll(Duration.ofMillis(20)).count();
                clock.reached(delivered);
            }
        }
        connect.deleteConnector(name);
        return clock.rate();
    }

    /** The latency figures of one run: PutRecords (the record's send time) to arrival, sent in the counted window. */
    private final class LatencyRun {
        final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        final long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        final long writeUntil = measureFrom + TimeUnit.SECONDS.toNanos(latencySeconds);
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicLong written = new AtomicLong();
        long received;
        long counted;

        synchronized void arrived(byte[] data, long arrivedNanos) {
            received++;
            String text = new String(data, 0, Math.min(data.length, 20), StandardCharsets.UTF_8);
            long sent = Long.parseLong(text.substring(0, text.indexOf(':')));
            if (sent >= measureFrom && sent <= writeUntil) {
                histogram.recordValue(Math.max(0, (arrivedNanos - sent) / 1_000));
                counted++;
            }
        }

        synchronized boolean allReceived() {
            return !writing.get() && received >= written.get();
        }

        synchronized String describe(String what) {
            return String.format(Locale.ROOT, "%s latency: %,d records measured (%.0f records/s written in the "
                    + "measured %d s; %,d written, %,d received in all): p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, "
                    + "max %.0f ms", what, counted, counted / (double) latencySeconds, latencySeconds, written.get(),
                    received, histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
                    histogram.getValueAtPercentile(99) / 1e3, histogram.getMaxValue() / 1e3);
        }
    }

    /** PutRecords-to-Kafka latency of the connector at {@link #rate} records/s, after the warm-up. */
    private String latency(String mode) throws Exception {
        String suffix = mode.toLowerCase(Locale.ROOT);
        String stream = "bench-latency-" + suffix;
        String topic = "bench.latency." + suffix;
        kinesis.createStream(stream, shards);
        connect.kafka().createTopic(topic, shards);
        connect.configureConnector(stream, connectorConfig(mode, stream, topic));
        connect.awaitConnectorRunning(stream, Math.min(tasks, shards), Duration.ofMinutes(2));

        LatencyRun run = new LatencyRun();
        Thread producer = new Thread(() -> {
            try {
                produce(stream, run);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-producers");
        producer.start();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(topic)) {
            long drainUntil = Long.MAX_VALUE;
            while (System.nanoTime() < drainUntil && !run.allReceived()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    run.arrived(record.value(), System.nanoTime());
                }
                if (!run.writing.get() && drainUntil == Long.MAX_VALUE) {
                    drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                }
            }
        }
        producer.join();
        connect.deleteConnector(stream);
        return run.describe(mode + " connector");
    }

    /**
     * The emulator's own floor: the same PutRecords timed to the arrival of their SubscribeToShard event at a plain
     * SDK subscriber (no connector, no Kafka), one subscription per shard from LATEST.
     */
    private String rawSubscriptionLatency() throws Exception {
        String stream = "bench-latency-raw";
        kinesis.createStream(stream, shards);
        KinesisAsyncClient client = kinesis.http2AsyncClient();
        String streamArn = client.describeStreamSummary(request -> request.streamName(stream)).join()
                .streamDescriptionSummary().streamARN();
        String consumerArn = client.registerStreamConsumer(request -> request.streamARN(streamArn)
                .consumerName("bench-raw")).join().consumer().consumerARN();
        while (client.describeStreamConsumer(request -> request.consumerARN(consumerArn)).join()
                .consumerDescription().consumerStatus() != ConsumerStatus.ACTIVE) {
            Thread.sleep(200);
        }
        LatencyRun run = new LatencyRun();
        for (Shard shard : kinesis.listShards(stream)) {
            client.subscribeToShard(SubscribeToShardRequest.builder().consumerARN(consumerArn)
                    .shardId(shard.shardId())
                    .startingPosition(StartingPosition.builder().type(ShardIteratorType.LATEST).build()).build(),
                    SubscribeToShardResponseHandler.builder().subscriber(event -> {
                        if (event instanceof SubscribeToShardEvent shardEvent) {
                            long now = System.nanoTime();
                            shardEvent.records().forEach(record -> run.arrived(record.data().asByteArrayUnsafe(),
                                    now));
                        }
                    }).build());
        }
        Thread.sleep(2_000); // the subscriptions are open before the first record
        produce(stream, run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!run.allReceived() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return run.describe("raw SubscribeToShard (no connector)");
    }

    /**
     * Steady {@link #rate} from {@value #PRODUCERS} threads, each a PutRecords of its share every 200 ms, staggered,
     * each record timed just before its call. kinesis-mock answers a caller about 9 PutRecords calls a second
     * whatever their size, and slows down for everyone when flooded with calls: two callers with a few calls each
     * keep the rate.
     */
    private void produce(String stream, LatencyRun run) throws InterruptedException {
        int perSlice = Math.max(1, rate / PUT_SLICES_PER_SECOND / PRODUCERS);
        long sliceNanos = TimeUnit.SECONDS.toNanos(1) / PUT_SLICES_PER_SECOND;
        long start = System.nanoTime();
        AtomicLong sequence = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            long first = start + p * sliceNanos / PRODUCERS;
            Thread producer = new Thread(() -> {
                try {
                    for (long next = first; next < run.writeUntil; next += sliceNanos) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        byte[] data = data(System.nanoTime());
                        List<PutEntry> batch = new ArrayList<>(perSlice);
                        for (int i = 0; i < perSlice; i++) {
                            batch.add(new PutEntry("key-" + (sequence.getAndIncrement() % KEYS), data));
                        }
                        kinesis.putRecords(stream, batch);
                        run.written.addAndGet(perSlice);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-producer-" + p);
            producer.start();
            producers.add(producer);
        }
        try {
            for (Thread producer : producers) {
                producer.join();
            }
        } finally {
            run.writing.set(false);
        }
    }
}
