package io.kkbridge.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;

import io.kkbridge.sandbox.KinesisFeeder.Session;
import io.kkbridge.sandbox.tools.DurationConverter;
import io.kkbridge.streams.dlq.DeadLetterHeaders;
import io.kkbridge.testsupport.data.EventGenerator;
import io.kkbridge.testsupport.data.UserActivityGenerator;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * README's main job: the whole pipeline on one machine ({@link SandboxEnvironment}). Puts the sample sessions, a
 * few malformed records and then generated sessions and events into Kinesis, shows live what flows where, and ends
 * with a summary once every record is accounted for. Ctrl-C stops early; everything it started is stopped.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Kinesis-Kafka Bridge pipeline on this machine: Kinesis emulator -> source connector "
                + "-> Kafka -> Streams app -> Kafka -> Kinesis and Firehose sink connectors -> per-region Kinesis "
                + "streams and a local Firehose folder. No Docker, no AWS."})
public final class LocalPipeline implements Callable<Integer> {

    static final String USA_TOPIC = "user-activity.usa";
    static final String INTERNATIONAL_TOPIC = "user-activity.international";
    static final String EVENTS_TOPIC = "events.enriched";
    static final String USER_ACTIVITY_DLQ = "user-activity.dlq";
    static final String EVENTS_DLQ = "events.dlq";
    static final List<String> OUTPUTS = List.of(USA_TOPIC, INTERNATIONAL_TOPIC, USER_ACTIVITY_DLQ, EVENTS_TOPIC,
            EVENTS_DLQ);
    private static final List<String> REGIONAL_STREAMS = List.of(PipelineProvisioner.USA_STREAM,
            PipelineProvisioner.INTERNATIONAL_STREAM);
    private static final int PUT_SLICES_PER_SECOND = 10;

    @Option(names = "--data", description = "User sessions to put first, one JSON object per line "
            + "(default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data/user-activity.jsonl");

    @Option(names = "--rate", description = "Generated user sessions per second after the data file "
            + "(default: ${DEFAULT-VALUE}).")
    int rate = 100;

    @Option(names = "--events-rate", description = "Generated data-lake events per second (default: "
            + "${DEFAULT-VALUE}).")
    int eventsRate = 100;

    @Option(names = "--duration", description = "How long to generate traffic, e.g. 20s, 5m; 0s for the data file "
            + "only (default: ${DEFAULT-VALUE}).", converter = DurationConverter.NonNegative.class)
    Duration duration = Duration.ofSeconds(20);

    @Option(names = "--malformed", description = "Malformed records put into each source stream, to show the "
            + "dead-letter topics (default: ${DEFAULT-VALUE}).")
    int malformed = 3;

    @Option(names = "--emulator", description = "Kinesis emulator: ${COMPLETION-CANDIDATES} (default: "
            + "${DEFAULT-VALUE}).")
    KinesisEmulator.Kind emulator = KinesisEmulator.Kind.KINESALITE;

    @Option(names = "--firehose-dir", description = "Where the local Firehose writes objects (default: "
            + "<sandbox>/target/firehose/<start time>).")
    Path firehoseDir;

    @Option(names = "--timeout", description = "Longest wait for the last records after the traffic ends "
            + "(default: ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration timeout = Duration.ofMinutes(2);

    @Option(names = "--seed", description = "Seed of the generators (default: ${DEFAULT-VALUE}).")
    long seed = 2025;

    private final PrintStream out;
    private final boolean terminal;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;

    LocalPipeline(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        // the Kafka test kit on the classpath ships a log4j2.yaml that would print broker logs on this screen
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-sandbox.xml");
        }
        LocalPipeline pipeline = new LocalPipeline(System.out, System.console() != null);
        Thread stopper = new Thread(pipeline::stopAndWait, "sandbox-ctrl-c");
        Runtime.getRuntime().addShutdownHook(stopper);
        int exit = new CommandLine(pipeline).execute(args);
        if (!pipeline.stopRequested) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            System.exit(exit);
        }
        // Ctrl-C: the JVM is already shutting down; System.exit here would wait for the hook that waits for us
    }

    /** Ctrl-C: stop feeding, let the main thread print its summary and stop every part, then let the JVM go. */
    private void stopAndWait() {
        stopRequested = true;
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } finally {
            finished.countDown();
        }
    }

    private int run() throws Exception {
        List<Session> sample = readSessions(data);
        Path home = SandboxPaths.home();
        Path firehoseFolder = firehoseDir != null ? firehoseDir : home.resolve("target/firehose")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        long started = System.nanoTime();
        SandboxEnvironment.Options options = new SandboxEnvironment.Options(emulator, home.resolve("connectors"),
                home.resolve("target/plugins"), firehoseFolder, Map.of());
        try (SandboxEnvironment environment = SandboxEnvironment.start(options, line -> out.println(line))) {
            out.printf("Ready in %.1f s: Kinesis at %s, Kafka at %s, Connect at %s, Firehose at %s%n",
                    (System.nanoTime() - started) / 1e9, environment.kinesis().endpoint(),
                    environment.bootstrapServers(), environment.connect().restUrls().get(0),
                    environment.firehose().endpoint());
            if (environment.streamsApp().queryApi() != null) {
                out.printf("Query API at %s (try %s/tables/user-activity-customers/items/315 once sessions "
                        + "flow)%n", environment.streamsApp().queryApi(), environment.streamsApp().queryApi());
            }
            KinesisFeeder feeder = new KinesisFeeder(environment.kinesis().streams());
            try (OutputCounter outputs = new OutputCounter(environment.bootstrapServers(), OUTPUTS);
                 RegionalStreamWatcher regional = new RegionalStreamWatcher(environment.kinesis().client(),
                         REGIONAL_STREAMS, feeder::putMillis);
                 ConsumerLag lag = new ConsumerLag(environment.bootstrapServers(), List.of(
                         environment.streamsApp().applicationId(), "connect-kinesis-sink", "connect-firehose-sink"))) {
                Progress progress = new Progress(feeder, outputs, regional, lag,
                        () -> environment.firehose().counters().recordsAccepted());
                long feedStarted = System.nanoTime();
                boolean drained = feedAndWatch(feeder, sample, progress, regional,
                        environment.streamsApp().streams());
                environment.firehose().flush();
                printSummary(environment, feeder, outputs, regional, (System.nanoTime() - feedStarted) / 1e9,
                        firehoseFolder);
                boolean balanced = outputs.total() == feeder.total()
                        && regional.totalArrived() == outputs.count(USA_TOPIC) + outputs.count(INTERNATIONAL_TOPIC);
                if (stopRequested) {
                    out.println("Stopped by Ctrl-C; stopping every part ...");
                    return 130;
                }
                if (!drained) {
                    out.println("Gave up waiting after " + timeout + " (see " + home.resolve("target/sandbox.log")
                            + ")");
                }
                return balanced ? 0 : 1;
            }
        }
    }

    /** Feeds on a thread of its own and prints progress until every record is accounted for; false on timeout. */
    private boolean feedAndWatch(KinesisFeeder feeder, List<Session> sample, Progress progress,
                                 RegionalStreamWatcher regional, KafkaStreams streams) throws InterruptedException {
        AtomicReference<Throwable> feedFailure = new AtomicReference<>();
        Thread feeding = new Thread(() -> {
            try {
                feed(feeder, sample, regional);
            } catch (RuntimeException e) {
                feedFailure.set(e);
            }
        }, "sandbox-feeder");
        feeding.setDaemon(true);
        feeding.start();
        out.printf("Putting %,d sessions from %s and %d malformed records per stream, then %s of generated traffic "
                        + "(%,d sessions/s, %,d events/s)%n", sample.size(), data, malformed,
                humanDuration(duration), rate, eventsRate);
        long deadline = Long.MAX_VALUE;
        long lastLine = 0;
        while (!stopRequested) {
            Thread.sleep(terminal ? 500 : 250);
            if (feedFailure.get() != null) {
                throw new IllegalStateException("Putting records into Kinesis failed", feedFailure.get());
            }
            if (!streams.state().isRunningOrRebalancing()) {
                throw new IllegalStateException("The Streams app stopped (state " + streams.state() + "); see "
                        + SandboxPaths.home().resolve("target/sandbox.log"));
            }
            Progress.Snapshot now = progress.snapshot();
            if (terminal) {
                out.print("\r" + now.line() + "  ");
            } else if (System.nanoTime() - lastLine > 2_000_000_000L) {
                out.println(now.line());
                lastLine = System.nanoTime();
            }
            if (feeding.isAlive()) {
                continue;
            }
            if (deadline == Long.MAX_VALUE) {
                deadline = System.nanoTime() + timeout.toNanos();
            }
            if (now.accountedFor() || System.nanoTime() > deadline) {
                out.println(terminal ? "" : now.line());
                return now.accountedFor();
            }
        }
        feeding.join(5_000);
        out.println();
        return false;
    }

    private void feed(KinesisFeeder feeder, List<Session> sample, RegionalStreamWatcher regional) {
        for (int from = 0; from < sample.size() && !stopRequested; from += 500) {
            feeder.putSessions(PipelineProvisioner.USER_ACTIVITY_STREAM,
                    sample.subList(from, Math.min(sample.size(), from + 500)));
        }
        feeder.put(PipelineProvisioner.USER_ACTIVITY_STREAM, malformedSessions());
        feeder.put(PipelineProvisioner.EVENTS_STREAM, malformedEvents());
        UserActivityGenerator sessions = UserActivityGenerator.fromSample(data, seed);
        EventGenerator events = new EventGenerator(seed, System.currentTimeMillis() / 1000);
        long sliceNanos = 1_000_000_000L / PUT_SLICES_PER_SECOND;
        long slices = duration.toNanos() / sliceNanos;
        long start = System.nanoTime();
        // the generated traffic after its first two seconds measures the running pipeline
        regional.steadyFrom(System.currentTimeMillis() + 2_000);
        for (long slice = 0; slice < slices && !stopRequested; slice++) {
            List<Session> sessionBatch = new ArrayList<>();
            for (long i = share(rate, slice); i > 0; i--) {
                UserActivityGenerator.Session session = sessions.next();
                sessionBatch.add(new Session(session.sessionId(), session.json()));
            }
            List<PutEntry> eventBatch = new ArrayList<>();
            for (long i = share(eventsRate, slice); i > 0; i--) {
                EventGenerator.Event event = events.next();
                eventBatch.add(new PutEntry(event.uuid(), event.json()));
            }
            feeder.putSessions(PipelineProvisioner.USER_ACTIVITY_STREAM, sessionBatch);
            feeder.put(PipelineProvisioner.EVENTS_STREAM, eventBatch);
            long sleepNanos = start + (slice + 1) * sliceNanos - System.nanoTime();
            if (sleepNanos > 0) {
                try {
                    Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The records of one slice, so that the slices of a second add up to exactly {@code perSecond}. */
    private static long share(int perSecond, long slice) {
        long inSecond = slice % PUT_SLICES_PER_SECOND;
        return perSecond * (inSecond + 1) / PUT_SLICES_PER_SECOND - perSecond * inSecond / PUT_SLICES_PER_SECOND;
    }

    private List<PutEntry> malformedSessions() {
        List<PutEntry> records = new ArrayList<>();
        for (int i = 0; i < malformed; i++) {
            records.add(PutEntry.of("broken-" + i, "{\"session_id\": \"broken-" + i + "\", \"country\": "));
        }
        return records;
    }

    private List<PutEntry> malformedEvents() {
        List<PutEntry> records = new ArrayList<>();
        for (int i = 0; i < malformed; i++) {
            records.add(PutEntry.of("e-" + i, "{\"event_uuid\":\"e-" + i + "\",\"event_name\":\"a:b\","
                    + "\"created_at\":\"soon\"}"));
        }
        return records;
    }

    private static List<Session> readSessions(Path file) throws IOException {
        List<Session> sessions = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            byte[] json = line.getBytes(StandardCharsets.UTF_8);
            String id = RegionalStreamWatcher.sessionId(json);
            sessions.add(new Session(id != null ? id : UUID.randomUUID().toString(), json));
        }
        return sessions;
    }

    private void printSummary(SandboxEnvironment environment, KinesisFeeder feeder, OutputCounter outputs,
                              RegionalStreamWatcher regional, double seconds, Path firehoseFolder) {
        out.println();
        out.printf("Summary after %.1f s%n", seconds);
        row("into Kinesis " + PipelineProvisioner.USER_ACTIVITY_STREAM,
                feeder.put(PipelineProvisioner.USER_ACTIVITY_STREAM));
        row("into Kinesis " + PipelineProvisioner.EVENTS_STREAM, feeder.put(PipelineProvisioner.EVENTS_STREAM));
        row("records in", feeder.total());
        for (String topic : OUTPUTS) {
            row("Kafka " + topic, outputs.count(topic));
        }
        out.printf("  %-40s %,9d  %s%n", "records out + dead letters", outputs.total(), outputs.total()
                == feeder.total() ? "(balanced: every record accounted for)" : "(NOT balanced)");
        for (String stream : REGIONAL_STREAMS) {
            row("Kinesis " + stream, regional.arrived(stream));
        }
        for (String deliveryStream : PipelineProvisioner.DELIVERY_STREAMS) {
            out.printf("  %-40s %,9d  in %d objects%n", "Firehose " + deliveryStream,
                    environment.firehose().deliveredRecords(deliveryStream).size(),
                    environment.firehose().deliveredObjects(deliveryStream).size());
        }
        printLatency("end-to-end latency, Kinesis put to per-region Kinesis", regional.latencyHistogram());
        printLatency("  the same, generated traffic after its first 2 s", regional.steadyLatencyHistogram());
        out.println("Firehose objects: " + firehoseFolder.resolve(PipelineProvisioner.BUCKET).toAbsolutePath());
        ConsumerRecord<byte[], byte[]> usa = outputs.first(USA_TOPIC);
        if (usa != null) {
            out.println();
            out.println("An enriched USA session (key " + text(usa.key()) + "):");
            out.println("  " + text(usa.value()));
        }
        ConsumerRecord<byte[], byte[]> dead = outputs.first(USER_ACTIVITY_DLQ);
        if (dead != null) {
            out.println("A dead letter: " + header(dead, DeadLetterHeaders.ERROR_CLASS) + " at "
                    + header(dead, DeadLetterHeaders.SOURCE_TOPIC) + "-" + header(dead,
                    DeadLetterHeaders.SOURCE_PARTITION) + "@" + header(dead, DeadLetterHeaders.SOURCE_OFFSET) + ": "
                    + header(dead, DeadLetterHeaders.ERROR_MESSAGE));
        }
    }

    private void printLatency(String label, Histogram latency) {
        if (latency.getTotalCount() > 0) {
            out.printf("  %s: p50 %,d ms, p99 %,d ms, max %,d ms (%,d sessions)%n", label,
                    latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getMaxValue(),
                    latency.getTotalCount());
        }
    }

    private void row(String label, long count) {
        out.printf("  %-40s %,9d%n", label, count);
    }

    private static String humanDuration(Duration d) {
        return d.toSeconds() % 60 == 0 && d.toSeconds() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? "?" : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
