package io.kkbridge.sandbox.tools.tail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kkbridge.sandbox.tools.ToolException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Follows every shard of a stream with GetRecords, one thread, round robin. A shard is read only after its parents
 * (within the stream's listing) have been read to their end, so a partition key's records come out in order across
 * resharding; shards that appear later (children of a split or merge) are found by listing the shards again, at
 * once when a shard ends and every few seconds otherwise.
 *
 * <p>From TRIM_HORIZON every shard is read from its start. From LATEST the shards open at the start are read from
 * their tip, closed ones are skipped, and shards born afterwards are read from their start (all their records are
 * new). A shard is polled at most every {@value #POLL_INTERVAL_MILLIS} ms, within the 5 GetRecords per second a
 * shard allows.
 */
public final class StreamFollower {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFollower.class);
    static final long POLL_INTERVAL_MILLIS = 200;
    private static final long DISCOVERY_INTERVAL_MILLIS = 5_000;
    private static final long THROTTLED_BACKOFF_MILLIS = 1_000;

    /** Where reading starts. */
    public enum Start { TRIM_HORIZON, LATEST }

    /** Receives each record in order per shard. */
    @FunctionalInterface
    public interface Printer {
        void print(String shardId, Record record);
    }

    private static final class ShardState {
        final Shard shard;
        String iterator;
        String lastSequence;
        boolean started;
        boolean finished;
        long nextPollNanos;
        ShardIteratorType firstType = ShardIteratorType.TRIM_HORIZON;

        ShardState(Shard shard) {
            this.shard = shard;
        }
    }

    private final KinesisClient client;
    private final String stream;
    private final Start start;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private boolean listedOnce;
    private long nextDiscoveryNanos;

    public StreamFollower(KinesisClient client, String stream, Start start) {
        this.client = client;
        this.stream = stream;
        this.start = start;
    }

    /**
     * Prints records until {@code limit} records were printed or {@code stop} says so; {@code onReady} runs once
     * every shard to read first has its iterator (records put after that are seen). Returns the records printed.
     */
    public long follow(long limit, BooleanSupplier stop, Printer printer, Runnable onReady)
            throws InterruptedException {
        discover();
        startReadyShards();
        onReady.run();
        long printed = 0;
        while (printed < limit && !stop.getAsBoolean()) {
            long now = System.nanoTime();
            boolean shardEnded = false;
            long earliestPoll = now + POLL_INTERVAL_MILLIS * 1_000_000;
            for (ShardState state : shards.values()) {
                if (!state.started || state.finished) {
                    continue;
                }
                if (state.nextPollNanos > now) {
                    earliestPoll = Math.min(earliestPoll, state.nextPollNanos);
                    continue;
                }
                printed += poll(state, limit - printed, printer);
                shardEnded |= state.finished;
                earliestPoll = Math.min(earliestPoll, state.nextPollNanos);
                if (printed >= limit || stop.getAsBoolean()) {
                    return printed;
                }
            }
            if (shardEnded || System.nanoTime() >= nextDiscoveryNanos) {
                discover();
            }
            startReadyShards();
            long wait = earliestPoll - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Math.max(1, Math.min(wait / 1_000_000, POLL_INTERVAL_MILLIS)));
            }
        }
        return printed;
    }

    /** Shards known and how far each got, for messages: "3 shards (1 finished)". */
    public String describe() {
        long finished = shards.values().stream().filter(s -> s.finished).count();
        long reading = shards.values().stream().filter(s -> s.started && !s.finished).count();
        return shards.size() + " shard" + (shards.size() == 1 ? "" : "s") + " (" + reading + " being read, "
                + finished + " finished or skipped)";
    }

    private long poll(ShardState state, long remaining, Printer printer) throws InterruptedException {
        String iterator = state.iterator;
        GetRecordsResponse response;
        try {
            response = client.getRecords(b -> b.shardIterator(iterator).limit((int) Math.min(10_000, remaining)));
        } catch (ExpiredIteratorException e) {
            LOG.info("Iterator of {} expired; getting a new one after {}", state.shard.shardId(), state.lastSequence);
            state.iterator = iterator(state.shard.shardId(), state.lastSequence == null ? state.firstType
                    : ShardIteratorType.AFTER_SEQUENCE_NUMBER, state.lastSequence);
            return 0;
        } catch (ProvisionedThroughputExceededException e) {
            state.nextPollNanos = System.nanoTime() + THROTTLED_BACKOFF_MILLIS * 1_000_000;
            return 0;
        } catch (ResourceNotFoundException e) {
            throw new ToolException("Stream '" + stream + "' is gone: " + e.awsErrorDetails().errorMessage(), e);
        }
        long printed = 0;
        for (Record record : response.records()) {
            printer.print(state.shard.shardId(), record);
            state.lastSequence = record.sequenceNumber();
            printed++;
            if (printed >= remaining) {
                // the rest of this response is not printed: resume right after the last printed record
                state.iterator = iterator(state.shard.shardId(), ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                        state.lastSequence);
                state.nextPollNanos = System.nanoTime();
                return printed;
            }
        }
        state.iterator = response.nextShardIterator();
        state.nextPollNanos = System.nanoTime() + POLL_INTERVAL_MILLIS * 1_000_000;
        if (state.iterator == null) {
            state.finished = true;
            LOG.info("Shard {} of {} reached its end", state.shard.shardId(), stream);
        }
        return printed;
    }

    /** Lists the shards and adds the ones not known yet. */
    private void discover() {
        List<Shard> listed = new ArrayList<>();
        try {
            ListShardsResponse page = client.listShards(ListShardsRequest.builder().streamName(stream).build());
            listed.addAll(page.shards());
            while (page.nextToken() != null) {
                String token = page.nextToken();
                page = client.listShards(ListShardsRequest.builder().nextToken(token).build());
                listed.addAll(page.shards());
            }
        } catch (ResourceNotFoundException e) {
            throw new ToolException("Stream '" + stream + "' does not exist", e);
        }
        for (Shard shard : listed) {
            if (shards.containsKey(shard.shardId())) {
                continue;
            }
            ShardState state = new ShardState(shard);
            if (start == Start.LATEST && !listedOnce) {
                boolean closed = shard.sequenceNumberRange() != null
                        && shard.sequenceNumberRange().endingSequenceNumber() != null;
                if (closed) {
                    state.finished = true;
                    state.started = true;
                } else {
                    state.firstType = ShardIteratorType.LATEST;
                }
            }
            shards.put(shard.shardId(), state);
        }
        listedOnce = true;
        nextDiscoveryNanos = System.nanoTime() + DISCOVERY_INTERVAL_MILLIS * 1_000_000;
    }

    private void startReadyShards() {
        for (ShardState state : shards.values()) {
            if (state.started || !parentDone(state.shard.parentShardId())
                    || !parentDone(state.shard.adjacentParentShardId())) {
                continue;
            }
            state.iterator = iterator(state.shard.shardId(), state.firstType, null);
            state.started = true;
            LOG.info("Reading shard {} of {} from {}", state.shard.shardId(), stream, state.firstType);
        }
    }

    private boolean parentDone(String parent) {
        if (parent == null) {
            return true;
        }
        ShardState state = shards.get(parent);
        // a parent past the retention period is not listed any more: nothing of it is left to read first
        return state == null || state.finished;
    }

    private String iterator(String shardId, ShardIteratorType type, String sequence) {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder().streamName(stream)
                .shardId(shardId).shardIteratorType(type);
        if (sequence != null) {
            request.startingSequenceNumber(sequence);
        }
        return client.getShardIterator(request.build()).shardIterator();
    }
}
