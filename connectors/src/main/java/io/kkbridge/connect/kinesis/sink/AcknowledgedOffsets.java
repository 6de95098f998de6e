package io.kkbridge.connect.kinesis.sink;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Which offsets a sink task may commit: per topic-partition, the offset after the longest run of records, in the
 * order {@code put()} received them, that are all acknowledged (delivered to AWS, reported as errant, or skipped).
 * Acknowledgements arrive out of order (different keys, retries); a record acknowledged after an older one that is
 * still pending is committed only once the older one is acknowledged too.
 *
 * <p>Thread-safe: records are tracked on the task thread and acknowledged on request threads.
 */
public final class AcknowledgedOffsets {

    /** One tracked record. */
    public static final class Position {
        private final RecordPosition recordPosition;
        private boolean acknowledged;
        private boolean forgotten;

        private Position(RecordPosition recordPosition) {
            this.recordPosition = recordPosition;
        }

        public RecordPosition recordPosition() {
            return recordPosition;
        }
    }

    private static final class PartitionProgress {
        final ArrayDeque<Position> unacknowledged = new ArrayDeque<>();
        long nextOffsetToCommit = -1;
    }

    private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();

    /** Starts tracking a record; call in the order the records arrived. */
    public synchronized Position track(SinkRecord record) {
        RecordPosition recordPosition = RecordPosition.of(record);
        Position position = new Position(recordPosition);
        partitions.computeIfAbsent(recordPosition.topicPartition(), tp -> new PartitionProgress())
                .unacknowledged.addLast(position);
        return position;
    }

    public synchronized void acknowledge(Position position) {
        position.acknowledged = true;
        PartitionProgress progress = partitions.get(position.recordPosition.topicPartition());
        // Advancing now, not at commit time, keeps only the pending stretch of each partition in memory.
        if (progress != null && progress.unacknowledged.peekFirst() == position) {
            advance(progress);
        }
    }

    private static void advance(PartitionProgress progress) {
        while (!progress.unacknowledged.isEmpty() && progress.unacknowledged.peekFirst().acknowledged) {
            progress.nextOffsetToCommit = progress.unacknowledged.pollFirst().recordPosition.offset() + 1;
        }
    }

    /** True once the record's partition was closed: its result no longer matters and it must not be retried. */
    public synchronized boolean isForgotten(Position position) {
        return position.forgotten;
    }

    /**
     * The offsets to commit for the partitions in {@code currentOffsets} (what the task was given so far). A
     * partition with nothing pending commits its current offset; one with pending records commits up to its first
     * pending record; one whose first record since the start is still pending is left out.
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable(
            Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        currentOffsets.forEach((partition, current) -> {
            PartitionProgress progress = partitions.get(partition);
            if (progress == null) {
                result.put(partition, current);
                return;
            }
            if (progress.unacknowledged.isEmpty()) {
                result.put(partition, current);
            } else if (progress.nextOffsetToCommit >= 0) {
                result.put(partition, new OffsetAndMetadata(progress.nextOffsetToCommit));
            }
        });
        return result;
    }

    /** Stops tracking closed partitions; their pending records will be redelivered to whoever owns them next. */
    public synchronized void forget(Collection<TopicPartition> closed) {
        for (TopicPartition partition : closed) {
            PartitionProgress progress = partitions.remove(partition);
            if (progress != null) {
                progress.unacknowledged.forEach(position -> position.forgotten = true);
            }
        }
    }

    public synchronized int pendingCount() {
        int pending = 0;
        for (PartitionProgress progress : partitions.values()) {
            for (Position position : progress.unacknowledged) {
                if (!position.acknowledged) {
                    pending++;
                }
            }
        }
        return pending;
    }
}
