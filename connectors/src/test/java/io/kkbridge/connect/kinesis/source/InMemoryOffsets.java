package io.kkbridge.connect.kinesis.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** Committed source offsets, as the worker's offset store would hold them after the records were acknowledged. */
public final class InMemoryOffsets implements OffsetStorageReader {

    private final Map<Map<String, ?>, Map<String, Object>> committed = new HashMap<>();

    /** Commits the offsets of {@code records}, the last record of each partition winning, as Connect does. */
    public synchronized void commit(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            @SuppressWarnings("unchecked")
            Map<String, Object> offset = (Map<String, Object>) record.sourceOffset();
            committed.put(Map.copyOf(record.sourcePartition()), Map.copyOf(offset));
        }
    }

    public synchronized void put(String stream, String shardId, Map<String, Object> offset) {
        committed.put(ShardOffset.partition(stream, shardId), Map.copyOf(offset));
    }

    public synchronized Map<String, Object> get(String stream, String shardId) {
        return committed.get(ShardOffset.partition(stream, shardId));
    }

    @Override
    public synchronized <T> Map<String, Object> offset(Map<String, T> partition) {
        return committed.get(partition);
    }

    @Override
    public synchronized <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        for (Map<String, T> partition : partitions) {
            Map<String, Object> offset = committed.get(partition);
            if (offset != null) {
                result.put(partition, offset);
            }
        }
        return result;
    }
}
