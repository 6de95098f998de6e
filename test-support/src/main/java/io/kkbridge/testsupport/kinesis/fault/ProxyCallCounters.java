package io.kkbridge.testsupport.kinesis.fault;

import java.util.HashMap;
import java.util.Map;

/** The live counters behind {@link ProxyCounters}; synchronized because calls arrive on several threads. */
final class ProxyCallCounters {

    private final Map<String, MutableCounts> byOperation = new HashMap<>();

    synchronized void call(String operation) {
        counts(operation).calls++;
    }

    synchronized void forwarded(String operation) {
        counts(operation).forwarded++;
    }

    synchronized void fault(String operation, String errorType) {
        counts(operation).faultsByType.merge(errorType, 1L, Long::sum);
    }

    synchronized void entriesFailed(String operation, int entries) {
        counts(operation).entriesFailed += entries;
    }

    synchronized ProxyCounters snapshot() {
        Map<String, ProxyCounters.OperationCounts> snapshot = new HashMap<>();
        byOperation.forEach((operation, counts) -> snapshot.put(operation, counts.freeze()));
        return new ProxyCounters(snapshot);
    }

    synchronized void reset() {
        byOperation.clear();
    }

    private MutableCounts counts(String operation) {
        return byOperation.computeIfAbsent(operation, op -> new MutableCounts());
    }

    private static final class MutableCounts {
        long calls;
        long forwarded;
        long entriesFailed;
        final Map<String, Long> faultsByType = new HashMap<>();

        ProxyCounters.OperationCounts freeze() {
            return new ProxyCounters.OperationCounts(calls, forwarded, faultsByType, entriesFailed);
        }
    }
}
