package io.kkbridge.testsupport.firehose;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The live counters behind {@link FirehoseCounters}; synchronized because calls arrive on several threads. */
final class CallCounters {

    private final Map<FirehoseOperation, MutableCounts> byOperation = new EnumMap<>(FirehoseOperation.class);
    private long unroutedCalls;

    synchronized void call(FirehoseOperation operation) {
        counts(operation).calls++;
    }

    synchronized void unroutedCall() {
        unroutedCalls++;
    }

    synchronized void error(FirehoseOperation operation, String errorType, int recordsInRequest) {
        MutableCounts counts = counts(operation);
        counts.errorResponses++;
        counts.recordsRejected += recordsInRequest;
        counts.errorsByType.merge(errorType, 1L, Long::sum);
    }

    synchronized void records(FirehoseOperation operation, int accepted, int rejected) {
        MutableCounts counts = counts(operation);
        counts.recordsAccepted += accepted;
        counts.recordsRejected += rejected;
    }

    synchronized FirehoseCounters snapshot() {
        Map<FirehoseOperation, OperationCounts> snapshot = new EnumMap<>(FirehoseOperation.class);
        byOperation.forEach((operation, counts) -> snapshot.put(operation, counts.freeze()));
        return new FirehoseCounters(snapshot, unroutedCalls);
    }

    synchronized void reset() {
        byOperation.clear();
        unroutedCalls = 0;
    }

    private MutableCounts counts(FirehoseOperation operation) {
        return byOperation.computeIfAbsent(operation, op -> new MutableCounts());
    }

    private static final class MutableCounts {
        long calls;
        long errorResponses;
        long recordsAccepted;
        long recordsRejected;
        final Map<String, Long> errorsByType = new HashMap<>();

        OperationCounts freeze() {
            return new OperationCounts(calls, errorResponses, recordsAccepted, recordsRejected, errorsByType);
        }
    }
}
