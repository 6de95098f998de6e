package io.kkbridge.connect.kinesis.sink;

import java.util.List;

/**
 * Collects records for one put request within the service's limits. The {@link PutDispatcher} offers eligible
 * records in arrival order; the builder decides what fits and how records become entries.
 */
public interface BatchBuilder {

    enum Offer {
        /** The record is in the batch. */
        ADDED,
        /** Not added, and no later record with the same ordering key may be added either. */
        KEY_CLOSED,
        /** Not added because the batch has no room for it; the batch counts as full, so it need not linger. */
        FULL
    }

    Offer offer(PendingRecord record);

    /** Nothing more can be added: offering further records is pointless. */
    boolean isFull();

    /** The entries of the request, in the order their first records were added. Called once, off the lock. */
    List<BatchEntry> build();
}
