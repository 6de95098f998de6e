package io.kkbridge.testsupport.firehose;

import java.util.Map;

/**
 * What one operation saw since start or the last reset.
 *
 * @param calls            requests received
 * @param errorResponses   requests answered with an error, by whatever cause (invalid, missing, injected)
 * @param recordsAccepted  records taken into a buffer (PutRecord, PutRecordBatch)
 * @param recordsRejected  records sent but not accepted: in failed calls, or as failed batch entries
 * @param errorsByType     error responses by AWS error type, e.g. {@code ServiceUnavailableException}
 */
public record OperationCounts(long calls, long errorResponses, long recordsAccepted, long recordsRejected,
                              Map<String, Long> errorsByType) {

    public static final OperationCounts NONE = new OperationCounts(0, 0, 0, 0, Map.of());

    public OperationCounts {
        errorsByType = Map.copyOf(errorsByType);
    }

    public long errors(String errorType) {
        return errorsByType.getOrDefault(errorType, 0L);
    }
}
