package io.kkbridge.testsupport.kinesis.fault;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A snapshot of {@link KinesisFaultProxy}'s counters.
 *
 * @param byOperation counts per operation (the X-Amz-Target name, e.g. {@code PutRecords}); requests without a
 *                    {@code Kinesis_20131202} target count under {@link #UNROUTED}; operations never called are absent
 */
public record ProxyCounters(Map<String, OperationCounts> byOperation) {

    /** The key of requests that name no Kinesis operation; they are forwarded unchanged. */
    public static final String UNROUTED = "(unrouted)";

    public ProxyCounters {
        byOperation = Map.copyOf(byOperation);
    }

    /**
     * What one operation saw since start or the last reset.
     *
     * @param calls          requests received
     * @param forwarded      requests sent on to the emulator (a PutRecords call with failed entries counts once)
     * @param faultsByType   whole-call errors the proxy answered itself, by AWS error code, e.g.
     *                       {@code ProvisionedThroughputExceededException}, {@code UnrecognizedClientException},
     *                       {@code ExpiredIteratorException}
     * @param entriesFailed  PutRecords entries failed on purpose (and so not written)
     */
    public record OperationCounts(long calls, long forwarded, Map<String, Long> faultsByType, long entriesFailed) {

        public static final OperationCounts NONE = new OperationCounts(0, 0, Map.of(), 0);

        public OperationCounts {
            faultsByType = Map.copyOf(faultsByType);
        }

        public long faults(String errorType) {
            return faultsByType.getOrDefault(errorType, 0L);
        }

        /** All whole-call faults, of every type. */
        public long faults() {
            return faultsByType.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public OperationCounts of(String operation) {
        return byOperation.getOrDefault(operation, OperationCounts.NONE);
    }

    public long calls() {
        return sum(OperationCounts::calls);
    }

    public long forwarded() {
        return sum(OperationCounts::forwarded);
    }

    public long faults() {
        return sum(OperationCounts::faults);
    }

    public long entriesFailed() {
        return sum(OperationCounts::entriesFailed);
    }

    private long sum(ToLongFunction<OperationCounts> count) {
        return byOperation.values().stream().mapToLong(count).sum();
    }
}
