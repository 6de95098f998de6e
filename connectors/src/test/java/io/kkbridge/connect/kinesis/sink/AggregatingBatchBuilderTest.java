package io.kkbridge.connect.kinesis.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AggregatingBatchBuilderTest {

    private static PendingRecord pending(String key, int dataBytes) {
        byte[] data = new byte[dataBytes];
        int size = dataBytes + key.getBytes(StandardCharsets.UTF_8).length;
        return new PendingRecord(SinkRecords.record("t", 0, 0, key, data), null,
                new PreparedRecord("out", key, data, size));
    }

    /** The size estimates are upper bounds: whatever the builder accepts encodes within the Kinesis limits. */
    @Test
    void shouldNeverBuildAnEntryOver1MibOrARequestOver5Mib() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            AggregatingBatchBuilder builder = new AggregatingBatchBuilder(500, 5 * 1024 * 1024);
            String key = "k".repeat(1 + random.nextInt(256));
            int maxData = random.nextBoolean() ? 300 : 300_000;
            while (builder.offer(pending(key, random.nextInt(maxData))) == BatchBuilder.Offer.ADDED) {
                // fill the key's aggregate until it closes
            }
            List<BatchEntry> entries = builder.build();

            assertThat(entries).hasSize(1);
            long entryBytes = entries.get(0).data().length + key.getBytes(StandardCharsets.UTF_8).length;
            assertThat(entryBytes).isLessThanOrEqualTo(1024 * 1024);
        }
    }

    @Test
    void shouldCloseOnlyTheKeyWhoseAggregateIsFullAndKeepAcceptingOtherKeys() {
        AggregatingBatchBuilder builder = new AggregatingBatchBuilder(500, 5 * 1024 * 1024);

        assertThat(builder.offer(pending("A", 600_000))).isEqualTo(BatchBuilder.Offer.ADDED);
        assertThat(builder.offer(pending("A", 600_000))).isEqualTo(BatchBuilder.Offer.KEY_CLOSED);
        assertThat(builder.offer(pending("B", 10))).isEqualTo(BatchBuilder.Offer.ADDED);
        assertThat(builder.isFull()).isFalse();
    }

    @Test
    void shouldBeFullForNewKeysOnceTheEntryCountIsReachedButLetExistingKeysGrow() {
        AggregatingBatchBuilder builder = new AggregatingBatchBuilder(2, 5 * 1024 * 1024);

        builder.offer(pending("A", 10));
        builder.offer(pending("B", 10));

        assertThat(builder.offer(pending("C", 10))).isEqualTo(BatchBuilder.Offer.FULL);
        assertThat(builder.offer(pending("A", 10))).isEqualTo(BatchBuilder.Offer.ADDED);
        assertThat(builder.build()).extracting(entry -> entry.records().size()).containsExactly(2, 1);
    }
}
