package io.kkbridge.sandbox.tools.generate;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.kkbridge.sandbox.tools.DurationConverter;
import io.kkbridge.sandbox.tools.KinesisOptions;
import io.kkbridge.sandbox.tools.KkbTools;
import io.kkbridge.sandbox.tools.LowerCaseEnumConverter;
import io.kkbridge.sandbox.tools.OutgoingRecord;
import io.kkbridge.sandbox.tools.PutRecordsSender;
import io.kkbridge.sandbox.tools.RecordSource;
import io.kkbridge.sandbox.tools.SendOptions;
import io.kkbridge.sandbox.tools.SendRun;
import io.kkbridge.sandbox.tools.SendStats;
import io.kkbridge.sandbox.tools.ToolException;
import io.kkbridge.testsupport.data.EventGenerator;
import io.kkbridge.testsupport.data.UserActivityGenerator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code kkb generate}: synthetic records at a rate, into a Kinesis stream or to stdout. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = KkbTools.Version.class,
        description = {
            "Generate synthetic records into a Kinesis stream, or to stdout.",
            "",
            "Records come at --rate and go into a Kinesis stream (or to stdout, one JSON",
            "object per line, with --stdout). KIND is one of:",
            "  user-activity  sessions shaped like data/user-activity.jsonl (its 446",
            "                 sessions cycled, each with a new session_id); key session_id",
            "  events         data-lake events, 113 event types (domain:entity:action),",
            "                 created_at in Unix seconds; key event_uuid",
            "  purchases      point-of-sale purchases: purchase_id, customer_id, product_id,",
            "                 description, quantity, price, timestamp, country;",
            "                 key customer_id",
            "  sales-cdc      DynamoDB change records of a sales table as Kinesis Data",
            "                 Streams for DynamoDB writes them (INSERT / MODIFY / REMOVE,",
            "                 OldImage always the item's previous image); key sale_id",
            "",
            "The same KIND, --seed and --start give the same records. Without --count or --duration it runs until "
                    + "Ctrl-C, then sends what it holds and prints a summary.",
            ""
        })
public final class GenerateCommand implements Callable<Integer> {

    /** What to generate. */
    public enum Kind { USER_ACTIVITY, EVENTS, PURCHASES, SALES_CDC }

    /** The first record's time when --seed is given without --start. */
    static final Instant SEEDED_START = Instant.parse("2025-01-07T00:00:00Z");

    @Parameters(index = "0", paramLabel = "KIND", converter = KindConverter.class,
            description = "user-activity, events, purchases or sales-cdc.")
    Kind kind;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** Where the records go. */
    static final class Target {
        @Option(names = "--stream", paramLabel = "NAME", description = "Put the records into this Kinesis stream.")
        String stream;

        @Option(names = "--stdout", description = "Print the records to stdout, one JSON object per line, "
                + "instead (the summary then goes to stderr).")
        boolean stdout;
    }

    @Option(names = "--rate", paramLabel = "N", defaultValue = "100",
            description = "Records per second; 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--count", paramLabel = "N", description = "Stop after this many records.")
    Long count;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (e.g. 30s, 5m, 1h, PT90S); with --count, whichever comes first.")
    Duration duration;

    @Option(names = "--seed", paramLabel = "N|random", defaultValue = "random",
            description = "Seed of the generator; 'random' picks one and prints it (default: ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--start", paramLabel = "TIME",
            description = "Time of the first record's timestamps (ISO-8601, e.g. 2025-01-07T00:00:00Z, or 'now'). "
                    + "Default: 2025-01-07T00:00:00Z when --seed is given, so that a seeded run repeats exactly; "
                    + "else now. Timestamps advance from it with the records, not with the wall clock.")
    String start;

    @Option(names = "--sample", paramLabel = "FILE",
            description = "user-activity: the sample sessions to cycle through, one JSON object per line "
                    + "(default: data/user-activity.jsonl of the repository).")
    Path sample;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "1000",
            description = "purchases: how many different customers buy (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--table", paramLabel = "NAME", defaultValue = "sales",
            description = "sales-cdc: the table name in the change records (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--items", paramLabel = "N", defaultValue = "1000",
            description = "sales-cdc: the table grows to about this many items, then changes and removals keep "
                    + "it there (default: ${DEFAULT-VALUE}).")
    int items;

    @Mixin
    SendOptions send;

    @Mixin
    KinesisOptions kinesis;

    private final PrintStream out;
    private final PrintStream err;

    public GenerateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (count != null && count < 0) {
            throw new ToolException("--count must be 0 or more, not " + count);
        }
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new ToolException("--rate must be 0 (no limit) or a positive number, not " + rate);
        }
        long seedValue = seedValue();
        Instant startTime = startTime();
        RecordGenerator generator = create(kind, seedValue, startTime);
        String repeat = "--seed " + seedValue + " --start " + startTime;
        if (target.stdout) {
            return toStdout(generator, repeat);
        }
        PutRecordsSender.Settings settings = send.settings(target.stream, "record", rate);
        GeneratedSource source = new GeneratedSource(generator);
        try (KinesisClient client = kinesis.client()) {
            SendRun run = new SendRun(client, kinesis, send, settings, err, this::fraction);
            SendRun.Outcome outcome = run.run(source, o -> printSummary(o.stats(), repeat, o.failure() == null));
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
        }
        return 0;
    }

    /** The generator for a kind; the sample file is read for user-activity. */
    RecordGenerator create(Kind which, long seedValue, Instant startTime) {
        return switch (which) {
            case USER_ACTIVITY -> new UserActivityRecords(UserActivityGenerator.fromSample(samplePath(), seedValue));
            case EVENTS -> new EventRecords(new EventGenerator(seedValue, startTime.getEpochSecond()));
            case PURCHASES -> {
                if (customers < 1) {
                    throw new ToolException("--customers must be at least 1, not " + customers);
                }
                yield new PurchaseGenerator(seedValue, startTime, customers);
            }
            case SALES_CDC -> {
                if (items < 1) {
                    throw new ToolException("--items must be at least 1, not " + items);
                }
                yield new SalesCdcGenerator(seedValue, startTime, kinesis.regionIdOr("us-east-1"), table, items);
            }
        };
    }

    private Path samplePath() {
        Path path = sample != null ? sample
                : Path.of(System.getProperty("kkbridge.data.dir", "data")).resolve("user-activity.jsonl");
        if (!Files.isRegularFile(path)) {
            throw new ToolException("No sample sessions at " + path + ": pass --sample FILE (e.g. the repository's "
                    + "data/user-activity.jsonl)");
        }
        return path;
    }

    private long seedValue() {
        if ("random".equalsIgnoreCase(seed.trim())) {
            return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        }
        try {
            return Long.parseLong(seed.trim());
        } catch (NumberFormatException e) {
            throw new ToolException("--seed must be a whole number or 'random', not '" + seed + "'");
        }
    }

    private Instant startTime() {
        if (start == null) {
            return "random".equalsIgnoreCase(seed.trim()) ? Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    : SEEDED_START;
        }
        if ("now".equalsIgnoreCase(start.trim())) {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            return Instant.parse(start.trim());
        } catch (DateTimeParseException e) {
            throw new ToolException("--start must be an ISO-8601 instant such as 2025-01-07T00:00:00Z, or 'now', not '"
                    + start + "'");
        }
    }

    private double fraction(SendStats stats) {
        double byCount = count != null && count > 0 ? (double) stats.recordsSent() / count : Double.NaN;
        double byTime = duration != null ? stats.elapsedNanos() / (double) duration.toNanos() : Double.NaN;
        if (Double.isNaN(byCount)) {
            return byTime;
        }
        return Double.isNaN(byTime) ? byCount : Math.max(byCount, byTime);
    }

    private int toStdout(RecordGenerator generator, String repeat) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
        CountDownLatch finished = new CountDownLatch(1);
        boolean[] stop = {false};
        Thread onCtrlC = new Thread(() -> {
            synchronized (stop) {
                stop[0] = true;
            }
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kkb-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        long written = 0;
        long bytes = 0;
        try {
            while ((count == null || written < count) && System.nanoTime() < deadline && !stopped(stop)) {
                if (rate > 0) {
                    long due = started + (long) (written * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(Math.min(wait, 200_000_000L));
                        continue;
                    }
                }
                GeneratedRecord record = generator.next();
                out.write(record.data(), 0, record.data().length);
                out.write('\n');
                written++;
                bytes += record.data().length + 1;
                if (rate > 0 && rate < 10_000) {
                    out.flush();
                }
                if (out.checkError()) {
                    // stdout was closed (e.g. piped into head): nothing more can be written
                    break;
                }
            }
            out.flush();
            double seconds = (System.nanoTime() - started) / 1e9;
            err.printf("Generated %,d %s records (%,d bytes) in %.1f s, %,.0f records/s; %s repeats them%n", written,
                    LowerCaseEnumConverter.name(kind), bytes, seconds, seconds > 0 ? written / seconds : 0, repeat);
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running
            }
        }
    }

    private static boolean stopped(boolean[] stop) {
        synchronized (stop) {
            return stop[0];
        }
    }

    private void printSummary(SendStats stats, String repeat, boolean complete) {
        out.printf("%s %s records into stream '%s' (%s)%n", complete ? "Generated" : "Stopped generating",
                LowerCaseEnumConverter.name(kind), target.stream, kinesis.describe());
        out.printf("  %-22s %,10d  in %,d PutRecords requests%n", "records sent", stats.recordsSent(),
                stats.requests());
        out.printf("  %-22s %,10d%n", "retried records", stats.retriedRecords());
        out.printf("  %-22s %,10d  (data and partition keys)%n", "bytes sent", stats.bytesSent());
        out.printf("  %-22s %10.1f s%n", "elapsed", stats.elapsedNanos() / 1e9);
        out.printf("  %-22s %,10.0f records/s%n", "rate", stats.recordsPerSecond());
        out.printf("  %-22s %s%n", "repeat with", repeat);
        out.flush();
    }

    /** Generated records until --count or --duration. */
    private final class GeneratedSource implements RecordSource {
        private final RecordGenerator generator;
        private final long deadline;
        private long index;

        GeneratedSource(RecordGenerator generator) {
            this.generator = generator;
            this.deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        }

        @Override
        public OutgoingRecord next() {
            if ((count != null && index >= count) || System.nanoTime() >= deadline) {
                return null;
            }
            GeneratedRecord record = generator.next();
            return new OutgoingRecord(++index, record.partitionKey(), record.data(), 0);
        }
    }

    /** {@code user-activity} / {@code events} / {@code purchases} / {@code sales-cdc}. */
    static final class KindConverter extends LowerCaseEnumConverter<Kind> {
        KindConverter() {
            super(Kind.class);
        }
    }
}
