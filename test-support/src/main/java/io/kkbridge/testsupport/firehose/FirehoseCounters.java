package io.kkbridge.testsupport.firehose;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A snapshot of {@link LocalFirehose}'s counters.
 *
 * @param byOperation    counts per operation; operations never called are absent
 * @param unroutedCalls  requests that named no known operation or broke the protocol before naming one
 */
public record FirehoseCounters(Map<FirehoseOperation, OperationCounts> byOperation, long unroutedCalls) {

    public FirehoseCounters {
        byOperation = Map.copyOf(byOperation);
    }

    public OperationCounts of(FirehoseOperation operation) {
        return byOperation.getOrDefault(operation, OperationCounts.NONE);
    }

    /** All requests received, routed or not. */
    public long calls() {
        return sum(OperationCounts::calls) + unroutedCalls;
    }

    public long recordsAccepted() {
        return sum(OperationCounts::recordsAccepted);
    }

    public long recordsRejected() {
        return sum(OperationCounts::recordsRejected);
    }

    private long sum(ToLongFunction<OperationCounts> count) {
        return byOperation.values().stream().mapToLong(count).sum();
    }
}
