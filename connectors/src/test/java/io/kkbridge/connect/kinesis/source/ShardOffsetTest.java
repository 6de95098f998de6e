package io.kkbridge.connect.kinesis.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class ShardOffsetTest {

    private static final String SEQUENCE = "49590338271490256608559692538361571095921575989136588898";

    @Test
    void shouldWriteTheLayout() {
        assertThat(ShardOffset.partition("orders", "shardId-000000000001"))
                .isEqualTo(Map.of("stream", "orders", "shard", "shardId-000000000001"));
        assertThat(ShardOffset.after(SEQUENCE).toMap()).isEqualTo(Map.of("sequence", SEQUENCE));
        assertThat(ShardOffset.afterSubRecord(SEQUENCE, 3).toMap()).isEqualTo(Map.of("sequence", SEQUENCE, "sub", 3L));
        assertThat(ShardOffset.afterSubRecord(SEQUENCE, 3).atShardEnd().toMap())
                .isEqualTo(Map.of("sequence", SEQUENCE, "sub", 3L, "end", true));
    }

    @Test
    void shouldReadBackWhatItWritesAndWhatAJsonStoreReturns() {
        ShardOffset offset = ShardOffset.afterSubRecord(SEQUENCE, 3).atShardEnd();

        assertThat(ShardOffset.fromMap(offset.toMap())).isEqualTo(offset);
        assertThat(ShardOffset.fromMap(Map.of("sequence", SEQUENCE, "sub", 3, "end", false)))
                .isEqualTo(ShardOffset.afterSubRecord(SEQUENCE, 3));
    }

    @Test
    void shouldResumeAfterAPlainRecord() {
        ResumePoint resume = ShardOffset.after(SEQUENCE).resumePoint(true);

        assertThat(resume.position()).isEqualTo(IteratorPosition.afterSequence(SEQUENCE));
        assertThat(resume.skipSequence()).isNull();
    }

    @Test
    void shouldResumeInsideAnAggregateAtItsSequenceSkippingEmittedSubRecords() {
        ResumePoint resume = ShardOffset.afterSubRecord(SEQUENCE, 2).resumePoint(true);

        assertThat(resume.position().type()).isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
        assertThat(resume.position().sequenceNumber()).isEqualTo(SEQUENCE);
        assertThat(resume.skips(SEQUENCE, 2)).isTrue();
        assertThat(resume.skips(SEQUENCE, 3)).isFalse();
        assertThat(resume.skips("49" + SEQUENCE.substring(2, 20), 0)).isFalse();
        assertThat(ShardOffset.afterSubRecord(SEQUENCE, 2).resumePoint(false).position())
                .isEqualTo(IteratorPosition.afterSequence(SEQUENCE));
    }

    @Test
    void shouldRejectOffsetsOfAnotherLayoutSayingWhy() {
        assertThatThrownBy(() -> ShardOffset.fromMap(Map.of("seq", SEQUENCE)))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("Invalid Kinesis source offset: unknown key 'seq' in offset");
        assertThatThrownBy(() -> ShardOffset.fromMap(Map.of("sequence", 42L)))
                .hasMessage("Invalid Kinesis source offset: 'sequence' must be a Kinesis sequence number (a string of "
                        + "digits), got 42 in offset {sequence=42}");
        assertThatThrownBy(() -> ShardOffset.fromMap(Map.of("sequence", "0123")))
                .hasMessageContaining("'sequence' must be a Kinesis sequence number");
        assertThatThrownBy(() -> ShardOffset.fromMap(Map.of("sequence", SEQUENCE, "sub", -1L)))
                .hasMessageContaining("'sub' must be a non-negative integer, got -1");
        assertThatThrownBy(() -> ShardOffset.fromMap(Map.of("sequence", SEQUENCE, "sub", 1.5)))
                .hasMessageContaining("'sub' must be a non-negative integer, got 1.5");
        assertThatThrownBy(() -> ShardOffset.fromMap(Map.of("sequence", SEQUENCE, "end", "yes")))
                .hasMessageContaining("'end' must be true or false, got yes");
        assertThatThrownBy(() -> ShardOffset.fromMap(new HashMap<>()))
                .hasMessageContaining("'sequence' must be a Kinesis sequence number");
    }

    @Test
    void shouldRejectPartitionsOfAnotherLayout() {
        ShardOffset.validatePartition(Map.of("stream", "orders", "shard", "shardId-000000000001"));

        assertThatThrownBy(() -> ShardOffset.validatePartition(Map.of("stream", "orders")))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Invalid Kinesis source offset: a source partition must be {\"stream\": <stream name>, "
                        + "\"shard\": <shard id>}, got {stream=orders}");
        assertThatThrownBy(() -> ShardOffset.validatePartition(Map.of("stream", "orders", "shard", 1)))
                .hasMessageContaining("a source partition must be");
        assertThatThrownBy(() -> ShardOffset.validatePartition(
                Map.of("stream", "orders", "shard", "s", "region", "eu-west-1")))
                .hasMessageContaining("a source partition must be");
    }
}
