package io.kkbridge.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.common.utils.Utils;

import io.kkbridge.sandbox.ConsumerLag;
import io.kkbridge.sandbox.KinesisFeeder;
import io.kkbridge.sandbox.KinesisFeeder.Session;
import io.kkbridge.sandbox.PipelineProvisioner;
import io.kkbridge.sandbox.RegionalStreamWatcher;
import io.kkbridge.sandbox.SandboxEnvironment;
import io.kkbridge.testsupport.data.UserActivityGenerator;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline on this machine (the sandbox's parts: kinesalite, source connector, Kafka, the Streams app
 * with exactly-once, Kinesis and Firehose sinks, the local Firehose) under a steady input of user sessions, one rate
 * after another. Per step: the rate put into Kinesis, the rate arriving in the per-region Kinesis streams, end-to-end
 * latency (put into {@code user-activity} to arrival in {@code user-activity-usa/international}) after a warm-up,
 * and consumer lag at the middle and the end of the step. A step is sustained when arrivals keep up with the input
 * and the lag does not grow.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "End-to-end throughput and latency of the local pipeline at increasing input rates.")
public final class PipelineBenchmark implements Callable<Integer> {

    @Option(names = "--rates", split = ",", description = "Input rates, sessions/s (default: ${DEFAULT-VALUE}).")
    List<Integer> rates = List.of(1_000, 2_000, 3_000, 4_000, 5_000);

    @Option(names = "--step-seconds", description = "Length of each step (default: ${DEFAULT-VALUE}).")
    int stepSeconds = 40;

    @Option(names = "--warmup-seconds", description = "Latency samples ignored at the start of each step "
            + "(default: ${DEFAULT-VALUE}).")
    int warmupSeconds = 10;

    @Option(names = "--data", description = "Sample sessions the records are shaped on (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data/user-activity.jsonl");

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
    }

    private record Step(int rate, double putRate, double arrivedRate, long[] latency, long lagMiddle, long lagEnd) {
        boolean sustained() {
            return arrivedRate >= 0.97 * putRate && lagEnd <= Math.max(2 * rate, lagMiddle + rate / 2);
        }
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf("Pipeline benchmark: steps of %d s at %s sessions/s, %d cores, JVM %s%n", stepSeconds,
                rates, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Path firehose = Files.createTempDirectory("bench-pipeline-firehose-");
        try {
            return run(firehose);
        } finally {
            Utils.delete(firehose.toFile()); // the delivered objects: a run can leave hundreds of MB
        }
    }

    private int run(Path firehose) throws Exception {
        SandboxEnvironment.Options options = new SandboxEnvironment.Options(KinesisEmulator.Kind.KINESALITE,
                Path.of("sandbox", "connectors"), null, firehose, Map.of());
        try (SandboxEnvironment environment = SandboxEnvironment.start(options, line -> { })) {
            KinesisFeeder feeder = new KinesisFeeder(environment.kinesis().streams());
            UserActivityGenerator generator = UserActivityGenerator.fromSample(data, 7);
            try (RegionalStreamWatcher regional = new RegionalStreamWatcher(environment.kinesis().client(),
                    List.of(PipelineProvisioner.USA_STREAM, PipelineProvisioner.INTERNATIONAL_STREAM),
                    feeder::putMillis);
                 ConsumerLag lag = new ConsumerLag(environment.bootstrapServers(), List.of(
                         environment.streamsApp().applicationId(), "connect-kinesis-sink",
                         "connect-firehose-sink"))) {
                List<Step> steps = new ArrayList<>();
                for (int rate : rates) {
                    Step step = step(rate, feeder, generator, regional, lag);
                    steps.add(step);
                    System.out.printf("%,6d sessions/s: put %,7.0f/s, arrived %,7.0f/s, e2e p50 %,6d ms p99 %,6d ms, "
                                    + "lag %,d -> %,d  %s%n", rate, step.putRate(), step.arrivedRate(),
                            step.latency()[0], step.latency()[1], step.lagMiddle(), step.lagEnd(),
                            step.sustained() ? "sustained" : "NOT sustained");
                    drain(feeder, regional);
                    if (!step.sustained()) {
                        break;
                    }
                }
            }
        }
        return 0;
    }

    private Step step(int rate, KinesisFeeder feeder, UserActivityGenerator generator, RegionalStreamWatcher regional,
                      ConsumerLag lag) throws InterruptedException {
        int slicesPerSecond = 20;
        long sliceNanos = 1_000_000_000L / slicesPerSecond;
        long putBefore = feeder.total();
        long arrivedBefore = regional.totalArrived();
        long start = System.nanoTime();
        long lagMiddle = -1;
        long[] latency = null;
        for (long slice = 0; slice < (long) stepSeconds * slicesPerSecond; slice++) {
            List<Session> batch = new ArrayList<>();
            long inSecond = slice % slicesPerSecond;
            long count = rate * (inSecond + 1) / slicesPerSecond - rate * inSecond / slicesPerSecond;
            for (long i = 0; i < count; i++) {
                UserActivityGenerator.Session session = generator.next();
                batch.add(new Session(session.sessionId(), session.json()));
            }
            feeder.putSessions(PipelineProvisioner.USER_ACTIVITY_STREAM, batch);
            if (slice == (long) warmupSeconds * slicesPerSecond) {
                regional.windowPercentiles(); // starts the measured window
            }
            if (slice == (long) stepSeconds * slicesPerSecond / 2) {
                lagMiddle = totalLag(lag);
            }
            long sleep = start + (slice + 1) * sliceNanos - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double putRate = (feeder.total() - putBefore) / seconds;
        double arrivedRate = (regional.totalArrived() - arrivedBefore) / seconds;
        latency = regional.windowPercentiles();
        return new Step(rate, putRate, arrivedRate, latency == null ? new long[] {-1, -1} : latency, lagMiddle,
                totalLag(lag));
    }

    private static long totalLag(ConsumerLag lag) {
        return lag.lagByGroup().values().stream().mapToLong(value -> Math.max(0, value)).sum();
    }

    /** Waits until every session put so far reached its per-region stream (at most two minutes). */
    private static void drain(KinesisFeeder feeder, RegionalStreamWatcher regional) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (regional.totalArrived() < feeder.total() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
