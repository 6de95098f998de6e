package io.kkbridge.sandbox;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Follows the per-region Kinesis streams on a thread of its own, as a downstream consumer would: counts the
 * sessions that arrive in each, and records the end-to-end latency of each, from its put into the source stream to
 * its arrival (Kinesis' approximate arrival time) in the per-region stream.
 */
public final class RegionalStreamWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegionalStreamWatcher.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final long POLL_MILLIS = 100;

    private final KinesisClient kinesis;
    private final Function<String, Long> putMillis;
    private final Map<String, AtomicLong> arrived = new LinkedHashMap<>();
    private final Map<String, List<String>> iterators = new LinkedHashMap<>();
    private final Histogram latency = new Histogram(3_600_000L, 3);
    private final Histogram steadyLatency = new Histogram(3_600_000L, 3);
    private volatile long steadyFromMillis = Long.MAX_VALUE;
    private Histogram window = new Histogram(3_600_000L, 3);
    private final Thread thread;
    private volatile boolean running = true;

    /** @param putMillis the put time of a session id, or null when it is not known */
    public RegionalStreamWatcher(KinesisClient kinesis, List<String> streams, Function<String, Long> putMillis) {
        this.kinesis = kinesis;
        this.putMillis = putMillis;
        for (String stream : streams) {
            arrived.put(stream, new AtomicLong());
            List<String> shardIterators = new ArrayList<>();
            for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
                shardIterators.add(kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            }
            iterators.put(stream, shardIterators);
        }
        thread = new Thread(this::run, "sandbox-regional-stream-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                for (Map.Entry<String, List<String>> stream : iterators.entrySet()) {
                    List<String> shardIterators = stream.getValue();
                    for (int i = 0; i < shardIterators.size() && running; i++) {
                        String iterator = shardIterators.get(i);
                        GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(iterator).limit(10_000));
                        shardIterators.set(i, response.nextShardIterator());
                        response.records().forEach(record -> arrived(stream.getKey(), record));
                    }
                }
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Reading the per-region streams failed; trying again", e);
                    sleepQuietly();
                }
            }
        }
    }

    private void arrived(String stream, Record record) {
        arrived.get(stream).incrementAndGet();
        Long put = putMillis.apply(sessionId(record.data().asByteArrayUnsafe()));
        Instant arrival = record.approximateArrivalTimestamp();
        if (put != null && arrival != null) {
            long millis = Math.max(0, arrival.toEpochMilli() - put);
            synchronized (this) {
                latency.recordValue(Math.min(millis, latency.getHighestTrackableValue()));
                if (put >= steadyFromMillis) {
                    steadyLatency.recordValue(Math.min(millis, steadyLatency.getHighestTrackableValue()));
                }
                window.recordValue(Math.min(millis, window.getHighestTrackableValue()));
            }
        }
    }

    /** The session_id of an enriched session: its first field in the reference's layout, but looked up by name. */
    static String sessionId(byte[] json) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("session_id".equals(name) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    public long arrived(String stream) {
        return arrived.get(stream).get();
    }

    public long totalArrived() {
        return arrived.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** p50 and p99 in ms since the start, or null before the first arrival. */
    synchronized long[] latencyPercentiles() {
        return latency.getTotalCount() == 0 ? null
                : new long[] {latency.getValueAtPercentile(50), latency.getValueAtPercentile(99)};
    }

    /** p50 and p99 in ms since the last call, or null when nothing arrived since. */
    public synchronized long[] windowPercentiles() {
        Histogram last = window;
        window = new Histogram(3_600_000L, 3);
        return last.getTotalCount() == 0 ? null
                : new long[] {last.getValueAtPercentile(50), last.getValueAtPercentile(99)};
    }

    /** A copy of the whole-run histogram, for summaries. */
    public synchronized Histogram latencyHistogram() {
        return latency.copy();
    }

    /**
     * Sessions put from {@code millis} on also count towards the steady-state latency: once the pipeline runs, a
     * start-up backlog (the data file put while the connectors were starting) left out.
     */
    public void steadyFrom(long millis) {
        steadyFromMillis = millis;
    }

    public synchronized Histogram steadyLatencyHistogram() {
        return steadyLatency.copy();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
