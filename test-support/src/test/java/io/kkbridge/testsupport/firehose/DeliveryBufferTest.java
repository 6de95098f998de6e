package io.kkbridge.testsupport.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class DeliveryBufferTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int MIB = 1024 * 1024;

    @Test
    void shouldHandOutAnObjectOnceBufferedBytesReachTheSizeHint() {
        DeliveryBuffer buffer = new DeliveryBuffer(new BufferingHints(1, 900));

        List<PendingObject> first = buffer.append(List.of(new byte[600 * 1024]), T0);
        List<PendingObject> second = buffer.append(List.of(new byte[424 * 1024], new byte[10]), T0.plusSeconds(1));

        assertThat(first).isEmpty();
        assertThat(second).hasSize(1);
        assertThat(second.get(0).data()).hasSize(MIB);
        assertThat(second.get(0).recordSizes()).containsExactly(600 * 1024, 424 * 1024);
        assertThat(second.get(0).oldestArrival()).isEqualTo(T0);
        assertThat(buffer.takeAll()).get().satisfies(rest -> {
            assertThat(rest.recordSizes()).containsExactly(10);
            assertThat(rest.oldestArrival()).isEqualTo(T0.plusSeconds(1));
        });
    }

    @Test
    void shouldSplitOneLargeBatchIntoSeveralFullObjects() {
        DeliveryBuffer buffer = new DeliveryBuffer(new BufferingHints(1, 900));
        byte[] halfMiB = new byte[MIB / 2];

        List<PendingObject> full = buffer.append(List.of(halfMiB, halfMiB, halfMiB, halfMiB, halfMiB), T0);

        assertThat(full).hasSize(2).allSatisfy(object -> assertThat(object.recordSizes()).hasSize(2));
        assertThat(buffer.isEmpty()).isFalse();
    }

    @Test
    void shouldHandOutAnObjectWhenItsOldestRecordWaitedTheIntervalHint() {
        DeliveryBuffer buffer = new DeliveryBuffer(new BufferingHints(5, 2));
        buffer.append(List.of("a".getBytes(UTF_8)), T0);
        buffer.append(List.of("b".getBytes(UTF_8)), T0.plusSeconds(1));

        assertThat(buffer.takeIfDue(T0.plusMillis(1999))).isEmpty();
        PendingObject due = buffer.takeIfDue(T0.plusSeconds(2)).orElseThrow();

        assertThat(new String(due.data(), UTF_8)).isEqualTo("ab");
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.takeIfDue(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void shouldDeliverAtTheNextCheckWhenTheIntervalHintIsZero() {
        DeliveryBuffer buffer = new DeliveryBuffer(new BufferingHints(5, 0));
        buffer.append(List.of(new byte[] {1}), T0);

        assertThat(buffer.takeIfDue(T0)).isPresent();
    }

    @Test
    void shouldKeepEmptyRecordsAsRecords() {
        DeliveryBuffer buffer = new DeliveryBuffer(BufferingHints.DEFAULT);
        buffer.append(List.of(new byte[0], "x".getBytes(UTF_8)), T0);

        assertThat(buffer.takeAll().orElseThrow().recordSizes()).containsExactly(0, 1);
        assertThat(buffer.takeAll()).isEmpty();
    }
}
