package io.kkbridge.testsupport.firehose;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One delivery stream's buffer. It hands out an object when the buffered bytes reach the size hint (checked after
 * each record, so an object may exceed the hint by at most one record) or when its oldest record has waited for
 * the interval hint. Not thread-safe: its {@link DeliveryStream} serialises access.
 */
final class DeliveryBuffer {

    private final long sizeThresholdBytes;
    private final Duration interval;

    private ByteArrayOutputStream data = new ByteArrayOutputStream();
    private List<Integer> recordSizes = new ArrayList<>();
    private Instant oldestArrival;

    DeliveryBuffer(BufferingHints hints) {
        this.sizeThresholdBytes = hints.sizeThresholdBytes();
        this.interval = hints.interval();
    }

    /** Buffers the records in order and returns the objects that became full on the way, oldest first. */
    List<PendingObject> append(List<byte[]> records, Instant arrival) {
        List<PendingObject> full = new ArrayList<>();
        for (byte[] record : records) {
            if (oldestArrival == null) {
                oldestArrival = arrival;
            }
            data.writeBytes(record);
            recordSizes.add(record.length);
            if (data.size() >= sizeThresholdBytes) {
                full.add(take());
            }
        }
        return full;
    }

    /** The buffered object if its oldest record has waited at least the interval hint by {@code now}. */
    Optional<PendingObject> takeIfDue(Instant now) {
        if (oldestArrival == null || oldestArrival.plus(interval).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(take());
    }

    /** Everything buffered, regardless of the hints. */
    Optional<PendingObject> takeAll() {
        return oldestArrival == null ? Optional.empty() : Optional.of(take());
    }

    boolean isEmpty() {
        return oldestArrival == null;
    }

    private PendingObject take() {
        PendingObject object = new PendingObject(data.toByteArray(), recordSizes, oldestArrival);
        data = new ByteArrayOutputStream();
        recordSizes = new ArrayList<>();
        oldestArrival = null;
        return object;
    }
}
