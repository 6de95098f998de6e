package io.kkbridge.sandbox;

import java.util.Map;
import java.util.function.LongSupplier;

/** The live status line: what went in, what came out where, end-to-end latency and consumer lag. */
final class Progress {

    private final KinesisFeeder feeder;
    private final OutputCounter outputs;
    private final RegionalStreamWatcher regional;
    private final ConsumerLag lag;
    private final LongSupplier firehoseAccepted;
    private long lastIn;
    private long lastNanos = System.nanoTime();
    private long[] lastLatency;

    /** @param firehoseAccepted records the Firehose endpoint accepted so far */
    Progress(KinesisFeeder feeder, OutputCounter outputs, RegionalStreamWatcher regional, ConsumerLag lag,
             LongSupplier firehoseAccepted) {
        this.feeder = feeder;
        this.outputs = outputs;
        this.regional = regional;
        this.lag = lag;
        this.firehoseAccepted = firehoseAccepted;
    }

    /**
     * @param latency p50 and p99 of the sessions that arrived since the last snapshot (the last known ones when none
     *                did), or null before the first
     * @param lag     committed offsets behind the last stable offsets, summed over the groups; under exactly-once it
     *                stays at about one per partition at rest, the commit marker after each partition's last record
     */
    record Snapshot(long in, double inPerSecond, long usa, long international, long events, long deadLetters,
                    long outTotal, long regionalArrived, long firehoseAccepted, long[] latency, long lag) {

        /**
         * Every record reached an output or a dead-letter topic; every session its per-region stream, and every
         * output record the Firehose endpoint.
         */
        boolean accountedFor() {
            return outTotal == in && regionalArrived == usa + international
                    && firehoseAccepted == usa + international + events;
        }

        String line() {
            return String.format("in %,7d (%,5.0f/s) | usa %,6d  intl %,6d  events %,6d  dlq %,4d | per-region "
                            + "Kinesis %,6d  Firehose %,6d | e2e %s | lag %s", in, inPerSecond, usa, international,
                    events, deadLetters, regionalArrived, firehoseAccepted,
                    latency == null ? "-" : String.format("p50 %,d ms p99 %,d ms", latency[0], latency[1]),
                    lag < 0 ? "?" : String.format("%,d", lag));
        }
    }

    synchronized Snapshot snapshot() {
        long now = System.nanoTime();
        long in = feeder.total();
        double rate = (in - lastIn) * 1e9 / Math.max(1, now - lastNanos);
        lastIn = in;
        lastNanos = now;
        long[] window = regional.windowPercentiles();
        if (window != null) {
            lastLatency = window;
        }
        long totalLag = 0;
        for (Map.Entry<String, Long> group : lag.lagByGroup().entrySet()) {
            if (group.getValue() < 0) {
                totalLag = -1;
                break;
            }
            totalLag += group.getValue();
        }
        return new Snapshot(in, rate, outputs.count(LocalPipeline.USA_TOPIC),
                outputs.count(LocalPipeline.INTERNATIONAL_TOPIC), outputs.count(LocalPipeline.EVENTS_TOPIC),
                outputs.count(LocalPipeline.USER_ACTIVITY_DLQ) + outputs.count(LocalPipeline.EVENTS_DLQ),
                outputs.total(), regional.totalArrived(), firehoseAccepted.getAsLong(), lastLatency, totalLag);
    }
}
