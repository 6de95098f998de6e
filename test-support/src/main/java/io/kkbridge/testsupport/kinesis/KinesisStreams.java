package io.kkbridge.testsupport.kinesis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Stream set-up and read-back for tests, over any {@link KinesisClient}: create and wait, put in batches within
 * the service limits, list shards, read a whole stream parents-first, reshard.
 */
public final class KinesisStreams {

    /** PutRecords limits: 500 entries and 5 MiB (data plus partition keys) per request. */
    public static final int MAX_RECORDS_PER_PUT = 500;
    public static final int MAX_BYTES_PER_PUT = 5 * 1024 * 1024;

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    private static final int PUT_ATTEMPTS = 10;

    private final KinesisClient client;

    public KinesisStreams(KinesisClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** One record to put: partition key and data. */
    public record PutEntry(String partitionKey, byte[] data) {

        public PutEntry {
            Objects.requireNonNull(partitionKey, "partitionKey");
            Objects.requireNonNull(data, "data");
        }

        /** An entry whose data is the UTF-8 bytes of {@code data}. */
        public static PutEntry of(String partitionKey, String data) {
            return new PutEntry(partitionKey, data.getBytes(StandardCharsets.UTF_8));
        }

        int size() {
            return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** Creates a provisioned stream and returns once it is ACTIVE. */
    public void createStream(String stream, int shards) {
        client.createStream(b -> b.streamName(stream).shardCount(shards));
        awaitActive(stream);
    }

    /** Waits until the stream is ACTIVE (after a create or a reshard). */
    public void awaitActive(String stream) {
        long deadline = System.nanoTime() + STATUS_TIMEOUT.toNanos();
        StreamStatus status = null;
        while (System.nanoTime() < deadline) {
            status = client.describeStreamSummary(b -> b.streamName(stream))
                    .streamDescriptionSummary().streamStatus();
            if (status == StreamStatus.ACTIVE) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("Stream " + stream + " not ACTIVE within " + STATUS_TIMEOUT
                + "; last status " + status);
    }

    /**
     * Puts the entries in order, in requests of at most 500 entries and 5 MiB, retrying only failed entries. Returns
     * one result per entry, in the order given (shard id and sequence number of each).
     */
    public List<PutRecordsResultEntry> putRecords(String stream, List<PutEntry> entries) {
        List<PutRecordsResultEntry> results = new ArrayList<>(entries.size());
        int from = 0;
        while (from < entries.size()) {
            int to = from;
            int bytes = 0;
            while (to < entries.size() && to - from < MAX_RECORDS_PER_PUT
                    && bytes + entries.get(to).size() <= MAX_BYTES_PER_PUT) {
                bytes += entries.get(to).size();
                to++;
            }
            if (to == from) {
                throw new IllegalArgumentException("Entry " + from + " is larger than a PutRecords request allows");
            }
            results.addAll(putBatch(stream, entries.subList(from, to)));
            from = to;
        }
        return results;
    }

    private List<PutRecordsResultEntry> putBatch(String stream, List<PutEntry> batch) {
        PutRecordsResultEntry[] results = new PutRecordsResultEntry[batch.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            pending.add(i);
        }
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<PutRecordsRequestEntry> request = pending.stream()
                    .map(batch::get)
                    .map(e -> PutRecordsRequestEntry.builder()
                            .partitionKey(e.partitionKey())
                            .data(SdkBytes.fromByteArray(e.data()))
                            .build())
                    .collect(Collectors.toList());
            PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(request));
            List<Integer> failed = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                PutRecordsResultEntry result = response.records().get(i);
                if (result.errorCode() == null) {
                    results[pending.get(i)] = result;
                } else {
                    failed.add(pending.get(i));
                }
            }
            if (!failed.isEmpty() && attempt == PUT_ATTEMPTS) {
                throw new IllegalStateException(failed.size() + " records not accepted by " + stream + " after "
                        + PUT_ATTEMPTS + " attempts, e.g. " + response.records().stream()
                        .filter(r -> r.errorCode() != null).findFirst().orElseThrow());
            }
            if (!failed.isEmpty()) {
                sleep(50L * attempt);
            }
            pending = failed;
        }
        return List.of(results);
    }

    /** All shards of the stream, open and closed, as ListShards returns them. */
    public List<Shard> listShards(String stream) {
        List<Shard> shards = new ArrayList<>();
        ListShardsResponse page = client.listShards(ListShardsRequest.builder().streamName(stream).build());
        shards.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = client.listShards(ListShardsRequest.builder().nextToken(token).build());
            shards.addAll(page.shards());
        }
        return shards;
    }

    /**
     * Every record in the stream, read with GetRecords from TRIM_HORIZON: each shard to its end (a closed shard) or
     * to its tip (an open one), parents before their children, so that the records of one partition key come back
     * in the order they were written, across reshards too.
     */
    public List<Record> readAll(String stream) {
        Map<String, List<Record>> byShard = readAllByShard(stream);
        List<Record> all = new ArrayList<>();
        byShard.values().forEach(all::addAll);
        return all;
    }

    /** Like {@link #readAll}, grouped by shard id, in the order the shards were read. */
    public Map<String, List<Record>> readAllByShard(String stream) {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        List<Shard> remaining = new ArrayList<>(listShards(stream));
        Set<String> known = remaining.stream().map(Shard::shardId).collect(Collectors.toSet());
        Set<String> done = new HashSet<>();
        Map<String, List<Record>> out = new LinkedHashMap<>();
        while (!remaining.isEmpty()) {
            Shard next = remaining.stream()
                    .filter(s -> parentDone(s.parentShardId(), known, done)
                            && parentDone(s.adjacentParentShardId(), known, done))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Shard lineage of " + stream + " has a cycle"));
            out.put(next.shardId(), readShard(stream, next.shardId(), deadline));
            done.add(next.shardId());
            remaining.remove(next);
        }
        return out;
    }

    private static boolean parentDone(String parent, Set<String> known, Set<String> done) {
        return parent == null || !known.contains(parent) || done.contains(parent);
    }

    private List<Record> readShard(String stream, String shardId, long deadline) {
        String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = new ArrayList<>();
        while (iterator != null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out reading " + stream + " shard " + shardId + " after "
                        + records.size() + " records");
            }
            String current = iterator;
            GetRecordsResponse response = client.getRecords(b -> b.shardIterator(current).limit(10_000));
            records.addAll(response.records());
            iterator = response.nextShardIterator();
            Long behind = response.millisBehindLatest();
            if (response.records().isEmpty() && (behind == null || behind == 0L)) {
                break;
            }
        }
        return records;
    }

    /** UpdateShardCount with uniform scaling, then waits until the stream is ACTIVE again. */
    public void updateShardCount(String stream, int targetShards) {
        client.updateShardCount(b -> b.streamName(stream).targetShardCount(targetShards)
                .scalingType(ScalingType.UNIFORM_SCALING));
        awaitActive(stream);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
