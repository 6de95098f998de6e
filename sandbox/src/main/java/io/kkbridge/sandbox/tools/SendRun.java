package io.kkbridge.sandbox.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One run of a {@link PutRecordsSender} as a command does it: the stream checked (or created), progress on stderr,
 * Ctrl-C sending what is held and ending the run cleanly.
 */
public final class SendRun {

    /** What was sent, and the failure that ended the run early, if any. */
    public record Outcome(SendStats stats, ToolException failure) {
    }

    private final KinesisClient client;
    private final KinesisOptions kinesis;
    private final SendOptions options;
    private final PutRecordsSender.Settings settings;
    private final PrintStream err;
    private final ToDoubleFunction<SendStats> fraction;

    public SendRun(KinesisClient client, KinesisOptions kinesis, SendOptions options,
                   PutRecordsSender.Settings settings, PrintStream err, ToDoubleFunction<SendStats> fraction) {
        this.client = client;
        this.kinesis = kinesis;
        this.options = options;
        this.settings = settings;
        this.err = err;
        this.fraction = fraction;
    }

    /**
     * Sends the source's records; {@code report} (the summary) runs before a Ctrl-C lets the JVM end. Returns the
     * outcome; a failure while sending is in it, not thrown.
     */
    public Outcome run(RecordSource source, Consumer<Outcome> report) throws IOException, InterruptedException {
        int shards = StreamSetup.prepare(client, settings.stream(), kinesis.describe(), options.createStream,
                options.shards, err);
        ProgressReporter progress = new ProgressReporter(err, options.progress, fraction, SendClock.SYSTEM);
        if (progress.mode() != ProgressReporter.Mode.NONE) {
            err.printf("Putting records into '%s' (%d open shard%s) at %s%s%n", settings.stream(), shards,
                    shards == 1 ? "" : "s", kinesis.describe(),
                    settings.rate() > 0 ? String.format(", at most %,.0f records/s", settings.rate()) : "");
        }
        PutRecordsSender sender = new PutRecordsSender(settings, client::putRecords, SendClock.SYSTEM, new Random(),
                progress::update);
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            sender.requestStop();
            try {
                // let the run send what it holds and print its summary before the JVM goes
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kkb-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            Outcome outcome;
            try {
                outcome = new Outcome(sender.run(source), null);
            } catch (ToolException e) {
                outcome = new Outcome(sender.stats(), e);
            }
            progress.finish(outcome.stats());
            report.accept(outcome);
            return outcome;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running and waits for us
            }
        }
    }
}
