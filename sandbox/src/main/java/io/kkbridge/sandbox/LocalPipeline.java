package io.kkbridge.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.dlq.DeadLetterHeaders;
import io.kkbridge.streams.topology.TopologyFactory;
import io.kkbridge.testsupport.EmbeddedKafka;
import io.kkbridge.testsupport.data.EventGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * README's main job: the local pipeline on embedded defaults. Starts a Kafka broker in this JVM, runs the Streams
 * application on it, feeds it the sample user sessions, generated events and a few malformed records, shows
 * progress live and prints what came out on each route. Everything it starts is stopped when it ends or on Ctrl-C.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run the Kinesis-Kafka Bridge pipeline locally on an embedded Kafka broker.")
public final class LocalPipeline implements Callable<Integer> {

    static final String USER_ACTIVITY_RAW = "user-activity.raw";
    static final String EVENTS_RAW = "events.raw";
    static final List<String> OUTPUTS = List.of("user-activity.usa", "user-activity.international",
            "user-activity.dlq", "events.enriched", "events.dlq");

    @Option(names = "--data", description = "User sessions, one JSON object per line (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data/user-activity.jsonl");

    @Option(names = "--events", description = "Generated data-lake events to feed (default: ${DEFAULT-VALUE}).")
    int events = 5_000;

    @Option(names = "--malformed", description = "Malformed records to feed to each pipeline, to show the DLQ "
            + "(default: ${DEFAULT-VALUE}).")
    int malformed = 3;

    @Option(names = "--timeout", description = "Give up waiting for outputs after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofMinutes(2);

    @Option(names = "--seed", description = "Seed of the event generator (default: ${DEFAULT-VALUE}).")
    long seed = 2025;

    private final PrintStream out;

    LocalPipeline(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // the Kafka test kit on the classpath ships a log4j2.yaml that would print broker logs on this screen
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-sandbox.xml");
        }
        System.exit(new CommandLine(new LocalPipeline(System.out)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<ProducerRecord<byte[], byte[]>> input = input();
        Path stateDir = Files.createTempDirectory("kkbridge-sandbox-streams");
        out.println("Starting an embedded Kafka broker (KRaft) ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, USER_ACTIVITY_RAW, EVENTS_RAW);
            kafka.createTopics(3, OUTPUTS);
            // the purchases and sales-cdc pipelines run too (fed nothing here): their topics must exist
            kafka.createTopics(3, "purchases.raw", "purchases.dlq", "sales-cdc.raw", "sales-cdc.dlq",
                    "sales.projection");
            out.println("Kafka at " + kafka.bootstrapServers() + "; starting the Streams app (exactly_once_v2) ...");
            AppConfig config = AppConfig.of(Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    StreamsConfig.APPLICATION_ID_CONFIG, "kkbridge-sandbox",
                    StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
            try (KafkaStreams streams = new KafkaStreams(TopologyFactory.build(config), config.streamsProperties());
                 OutputCounter counter = new OutputCounter(kafka, OUTPUTS)) {
                Thread stopper = new Thread(() -> streams.close(Duration.ofSeconds(10)), "sandbox-ctrl-c");
                Runtime.getRuntime().addShutdownHook(stopper);
                streams.start();
                long started = System.nanoTime();
                feed(kafka, input);
                boolean balanced = await(counter, input.size(), started);
                Runtime.getRuntime().removeShutdownHook(stopper);
                printSummary(counter, input.size(), System.nanoTime() - started);
                return balanced ? 0 : 1;
            }
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private List<ProducerRecord<byte[], byte[]>> input() throws IOException {
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        for (String line : Files.readAllLines(data, StandardCharsets.UTF_8)) {
            input.add(new ProducerRecord<>(USER_ACTIVITY_RAW, null, line.getBytes(StandardCharsets.UTF_8)));
        }
        EventGenerator generator = new EventGenerator(seed, 1_736_211_007L);
        for (int i = 0; i < events; i++) {
            EventGenerator.Event event = generator.next();
            input.add(new ProducerRecord<>(EVENTS_RAW, event.uuid().getBytes(StandardCharsets.UTF_8), event.json()));
        }
        for (int i = 0; i < malformed; i++) {
            input.add(new ProducerRecord<>(USER_ACTIVITY_RAW, null,
                    ("{\"session_id\": \"broken-" + i + "\", \"country\": ").getBytes(StandardCharsets.UTF_8)));
            input.add(new ProducerRecord<>(EVENTS_RAW, null,
                    ("{\"event_uuid\":\"e-" + i + "\",\"event_name\":\"a:b\",\"created_at\":\"soon\"}")
                            .getBytes(StandardCharsets.UTF_8)));
        }
        return input;
    }

    private void feed(EmbeddedKafka kafka, List<ProducerRecord<byte[], byte[]>> input) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of())) {
            input.forEach(producer::send);
            producer.flush();
        }
        out.printf("Fed %,d records: sessions from %s, %,d generated events, %d malformed per pipeline%n",
                input.size(), data, events, malformed);
    }

    private boolean await(OutputCounter counter, long expected, long started) throws InterruptedException {
        long deadline = started + timeout.toNanos();
        long lastTotal = 0;
        long lastTime = started;
        while (counter.total() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = System.nanoTime();
            long total = counter.total();
            double rate = (total - lastTotal) * 1e9 / Math.max(1, now - lastTime);
            lastTotal = total;
            lastTime = now;
            out.printf("\r  out %,7d / %,d | usa %,6d | international %,6d | events %,6d | dlq %,4d | %,8.0f rec/s",
                    total, expected, counter.count("user-activity.usa"), counter.count("user-activity.international"),
                    counter.count("events.enriched"),
                    counter.count("user-activity.dlq") + counter.count("events.dlq"), rate);
        }
        out.println();
        return counter.total() == expected;
    }

    private void printSummary(OutputCounter counter, long in, long nanos) {
        out.println();
        out.printf("Summary after %.1f s%n", nanos / 1e9);
        out.printf("  %-30s %,8d%n", "records in", in);
        for (String topic : OUTPUTS) {
            out.printf("  %-30s %,8d%n", topic, counter.count(topic));
        }
        out.printf("  %-30s %,8d  %s%n", "records out + dead letters", counter.total(),
                counter.total() == in ? "(balanced: every record accounted for)" : "(NOT balanced)");
        ConsumerRecord<byte[], byte[]> usa = counter.first("user-activity.usa");
        if (usa != null) {
            out.println();
            out.println("An enriched USA session (key " + text(usa.key()) + "):");
            out.println("  " + text(usa.value()));
        }
        ConsumerRecord<byte[], byte[]> dead = counter.first("user-activity.dlq");
        if (dead != null) {
            out.println("A dead letter: " + header(dead, DeadLetterHeaders.ERROR_CLASS) + " at "
                    + header(dead, DeadLetterHeaders.SOURCE_TOPIC) + "-" + header(dead, DeadLetterHeaders.SOURCE_PARTITION)
                    + "@" + header(dead, DeadLetterHeaders.SOURCE_OFFSET) + ": "
                    + header(dead, DeadLetterHeaders.ERROR_MESSAGE));
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? "?" : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
