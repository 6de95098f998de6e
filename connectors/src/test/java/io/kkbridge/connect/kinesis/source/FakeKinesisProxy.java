package io.kkbridge.connect.kinesis.source;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.InternalFailureException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * A scripted Kinesis behind {@link KinesisProxy}: streams, shards, records, splits and merges, expired iterators,
 * and failures injected per operation and shard. Records every call with the fake clock's time. A test double.
 */
public final class FakeKinesisProxy implements KinesisProxy {

    public enum Operation { LIST_SHARDS, GET_SHARD_ITERATOR, GET_RECORDS }

    /** @param detail the iterator position of GET_SHARD_ITERATOR, the record count of GET_RECORDS, else empty */
    public record Call(Operation operation, String stream, String shardId, long atMillis, String detail) {
    }

    private static final class FakeShard {
        final String id;
        final List<String> parents;
        final List<Record> records = new ArrayList<>();
        final List<String> children = new ArrayList<>();
        boolean closed;

        FakeShard(String id, List<String> parents) {
            this.id = id;
            this.parents = parents;
        }
    }

    private final Clock clock;
    private final Map<String, Map<String, FakeShard>> streams = new LinkedHashMap<>();
    private final Map<String, Integer> shardCounters = new HashMap<>();
    private long sequenceCounter;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<RuntimeException>> failures = new HashMap<>();
    private int iteratorGeneration;
    private int expiredBelowGeneration;
    private boolean endReportedSeparately;
    private int closeCount;

    public FakeKinesisProxy(Clock clock) {
        this.clock = clock;
    }

    // ---- scripting ----

    public synchronized List<String> createStream(String stream, int shardCount) {
        streams.put(stream, new LinkedHashMap<>());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < shardCount; i++) {
            ids.add(addShard(stream, List.of()));
        }
        return ids;
    }

    public static String shardId(int number) {
        return String.format("shardId-%012d", number);
    }

    private String addShard(String stream, List<String> parents) {
        int number = shardCounters.merge(stream, 1, Integer::sum) - 1;
        String id = shardId(number);
        streams.get(stream).put(id, new FakeShard(id, parents));
        for (String parent : parents) {
            shard(stream, parent).children.add(id);
        }
        return id;
    }

    public String put(String stream, String shardId, String partitionKey, String data) {
        return put(stream, shardId, partitionKey, data.getBytes(StandardCharsets.UTF_8));
    }

    public synchronized String put(String stream, String shardId, String partitionKey, byte[] data) {
        FakeShard shard = shard(stream, shardId);
        if (shard.closed) {
            throw new IllegalStateException("shard " + shardId + " is closed");
        }
        String sequence = String.format("49%030d", ++sequenceCounter);
        shard.records.add(Record.builder().sequenceNumber(sequence).partitionKey(partitionKey)
                .data(SdkBytes.fromByteArray(data)).approximateArrivalTimestamp(clock.instant()).build());
        return sequence;
    }

    /** Closes the shard and opens two children; returns their ids. */
    public synchronized List<String> split(String stream, String shardId) {
        shard(stream, shardId).closed = true;
        return List.of(addShard(stream, List.of(shardId)), addShard(stream, List.of(shardId)));
    }

    /** Closes both shards and opens one child; returns its id. */
    public synchronized String merge(String stream, String shardId, String adjacentShardId) {
        shard(stream, shardId).closed = true;
        shard(stream, adjacentShardId).closed = true;
        return addShard(stream, List.of(shardId, adjacentShardId));
    }

    /** The shard passed the stream's retention: no longer listed, and its iterators are refused. */
    public synchronized void expireShard(String stream, String shardId) {
        streams.get(stream).remove(shardId);
    }

    public synchronized void deleteStream(String stream) {
        streams.remove(stream);
    }

    /** The next call of {@code operation} on {@code shardId} (any shard when null) throws {@code failure}. */
    public synchronized void failNext(Operation operation, String shardId, RuntimeException failure) {
        failures.computeIfAbsent(operation + "/" + shardId, k -> new ArrayDeque<>()).add(failure);
    }

    /** Every iterator handed out so far expires. */
    public synchronized void expireIterators() {
        expiredBelowGeneration = iteratorGeneration;
    }

    /**
     * Report a closed shard's end (no next iterator) only on a response without records, as Kinesis may do, rather
     * than with the last records.
     */
    public synchronized void reportEndSeparately() {
        endReportedSeparately = true;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(Operation operation, String shardId) {
        return calls.stream().filter(call -> call.operation() == operation && call.shardId().equals(shardId))
                .toList();
    }

    public synchronized int closeCount() {
        return closeCount;
    }

    // ---- KinesisProxy ----

    @Override
    public synchronized List<ShardDescription> listShards(String stream) {
        calls.add(new Call(Operation.LIST_SHARDS, stream, "", clock.millis(), ""));
        throwScripted(Operation.LIST_SHARDS, stream, null);
        Map<String, FakeShard> shards = streams.get(stream);
        if (shards == null) {
            throw streamNotFound(stream);
        }
        return shards.values().stream().map(shard -> new ShardDescription(stream, shard.id,
                shard.parents.stream().filter(shards::containsKey).toList(), shard.closed)).toList();
    }

    @Override
    public synchronized String getShardIterator(String stream, String shardId, IteratorPosition position) {
        calls.add(new Call(Operation.GET_SHARD_ITERATOR, stream, shardId, clock.millis(), position.toString()));
        throwScripted(Operation.GET_SHARD_ITERATOR, stream, shardId);
        if (!streams.containsKey(stream)) {
            throw streamNotFound(stream);
        }
        FakeShard shard = streams.get(stream).get(shardId);
        if (shard == null) {
            throw notFound("Shard " + shardId + " in stream " + stream + " under account 123456789012 does not exist");
        }
        int index = switch (position.type()) {
            case TRIM_HORIZON -> 0;
            case LATEST -> shard.records.size();
            case AT_SEQUENCE_NUMBER -> indexOf(shard, position.sequenceNumber());
            case AFTER_SEQUENCE_NUMBER -> indexOf(shard, position.sequenceNumber()) + 1;
            case AT_TIMESTAMP -> firstAtOrAfter(shard, position.timestamp());
            default -> throw new IllegalArgumentException(position.toString());
        };
        return iterator(stream, shardId, index);
    }

    @Override
    public synchronized ShardRecords getRecords(String stream, String shardIterator, int limit) {
        String[] parts = shardIterator.split("\\|");
        String shardId = parts[3];
        int index = Integer.parseInt(parts[4]);
        throwScripted(Operation.GET_RECORDS, stream, shardId);
        if (!streams.containsKey(parts[2])) {
            throw streamNotFound(parts[2]);
        }
        if (Integer.parseInt(parts[1]) < expiredBelowGeneration) {
            calls.add(new Call(Operation.GET_RECORDS, stream, shardId, clock.millis(), "expired"));
            throw ExpiredIteratorException.builder().statusCode(400).awsErrorDetails(details(
                    "ExpiredIteratorException", "Iterator expired. The iterator was created at time X")).build();
        }
        FakeShard shard = shard(parts[2], shardId);
        int end = Math.min(shard.records.size(), index + limit);
        List<Record> records = shard.records.subList(index, end);
        calls.add(new Call(Operation.GET_RECORDS, stream, shardId, clock.millis(), Integer.toString(records.size())));
        boolean atEnd = shard.closed && end == shard.records.size() && (records.isEmpty() || !endReportedSeparately);
        long behind = end < shard.records.size() ? 1_000 : 0;
        return new ShardRecords(records, atEnd ? null : iterator(parts[2], shardId, end), behind,
                atEnd ? childShards(shardId, shard.children) : List.of());
    }

    static List<ChildShard> childShards(String parentShardId, List<String> childIds) {
        return childIds.stream().map(id -> ChildShard.builder().shardId(id).parentShards(parentShardId).build())
                .toList();
    }

    @Override
    public synchronized void close() {
        closeCount++;
    }

    // ---- helpers ----

    private String iterator(String stream, String shardId, int index) {
        return "it|" + iteratorGeneration++ + "|" + stream + "|" + shardId + "|" + index;
    }

    private FakeShard shard(String stream, String shardId) {
        Map<String, FakeShard> shards = streams.get(stream);
        if (shards == null || !shards.containsKey(shardId)) {
            throw new IllegalArgumentException("no shard " + stream + "/" + shardId);
        }
        return shards.get(shardId);
    }

    private static int indexOf(FakeShard shard, String sequenceNumber) {
        for (int i = 0; i < shard.records.size(); i++) {
            if (shard.records.get(i).sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        throw KinesisException.builder().statusCode(400).awsErrorDetails(details("InvalidArgumentException",
                "StartingSequenceNumber " + sequenceNumber + " is not in shard " + shard.id)).build();
    }

    private static int firstAtOrAfter(FakeShard shard, Instant timestamp) {
        for (int i = 0; i < shard.records.size(); i++) {
            if (!shard.records.get(i).approximateArrivalTimestamp().isBefore(timestamp)) {
                return i;
            }
        }
        return shard.records.size();
    }

    private void throwScripted(Operation operation, String stream, String shardId) {
        for (String key : new String[] {operation + "/" + shardId, operation + "/null"}) {
            Deque<RuntimeException> queue = failures.get(key);
            if (queue != null && !queue.isEmpty()) {
                if (operation == Operation.GET_RECORDS) {
                    calls.add(new Call(operation, stream, shardId, clock.millis(), "failed"));
                }
                throw queue.poll();
            }
        }
    }

    private static AwsErrorDetails details(String code, String message) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Kinesis").build();
    }

    private static RuntimeException streamNotFound(String stream) {
        return notFound("Stream " + stream + " under account 123456789012 not found.");
    }

    // ---- canned AWS errors ----

    public static RuntimeException notFound(String message) {
        return ResourceNotFoundException.builder().statusCode(400)
                .awsErrorDetails(details("ResourceNotFoundException", message)).build();
    }

    public static RuntimeException throttled() {
        return ProvisionedThroughputExceededException.builder().statusCode(400)
                .awsErrorDetails(details("ProvisionedThroughputExceededException", "Rate exceeded for shard")).build();
    }

    public static RuntimeException internalFailure() {
        return InternalFailureException.builder().statusCode(500)
                .awsErrorDetails(details("InternalFailure", "Internal service error")).build();
    }

    public static RuntimeException accessDenied() {
        return AccessDeniedException.builder().statusCode(400)
                .awsErrorDetails(details("AccessDeniedException", "User is not authorized to perform "
                        + "kinesis:GetRecords")).build();
    }
}
