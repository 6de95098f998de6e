package io.kkbridge.connect.kinesis.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class AcknowledgedOffsetsTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);

    private final AcknowledgedOffsets offsets = new AcknowledgedOffsets();

    private static SinkRecord at(TopicPartition partition, long offset) {
        return SinkRecords.record(partition.topic(), partition.partition(), offset, null, new byte[0]);
    }

    private static OffsetAndMetadata next(long offset) {
        return new OffsetAndMetadata(offset);
    }

    @Test
    void shouldCommitTheLongestAcknowledgedRunOfEachPartition() {
        AcknowledgedOffsets.Position first = offsets.track(at(A0, 10));
        AcknowledgedOffsets.Position second = offsets.track(at(A0, 11));
        AcknowledgedOffsets.Position third = offsets.track(at(A0, 15)); // offsets need not be contiguous
        AcknowledgedOffsets.Position other = offsets.track(at(A1, 3));
        Map<TopicPartition, OffsetAndMetadata> current = Map.of(A0, next(16), A1, next(4));

        offsets.acknowledge(second);
        offsets.acknowledge(other);
        assertThat(offsets.committable(current)).containsExactly(entry(A1, next(4)));
        assertThat(offsets.pendingCount()).isEqualTo(2);

        offsets.acknowledge(first);
        assertThat(offsets.committable(current)).containsOnly(entry(A0, next(12)), entry(A1, next(4)));

        offsets.acknowledge(third);
        assertThat(offsets.committable(current)).containsOnly(entry(A0, next(16)), entry(A1, next(4)));
        assertThat(offsets.pendingCount()).isZero();
    }

    @Test
    void shouldCommitTheCurrentOffsetOfPartitionsWithNothingPending() {
        assertThat(offsets.committable(Map.of(A0, next(7)))).containsExactly(entry(A0, next(7)));
    }

    @Test
    void shouldTrackRecordsByTheirOriginalTopicPartitionAndOffset() {
        SinkRecord renamed = new SinkRecord("renamed", 9, null, null, null, new byte[0], 99, null, null, null,
                "a", 0, 5);

        AcknowledgedOffsets.Position position = offsets.track(renamed);
        offsets.acknowledge(position);

        assertThat(position.recordPosition()).isEqualTo(new RecordPosition("a", 0, 5));
        assertThat(offsets.committable(Map.of(A0, next(6)))).containsExactly(entry(A0, next(6)));
    }

    @Test
    void shouldForgetClosedPartitions() {
        AcknowledgedOffsets.Position position = offsets.track(at(A0, 1));

        offsets.forget(List.of(A0));

        assertThat(offsets.isForgotten(position)).isTrue();
        assertThat(offsets.pendingCount()).isZero();
    }
}
