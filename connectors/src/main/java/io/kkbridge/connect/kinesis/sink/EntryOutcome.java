package io.kkbridge.connect.kinesis.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * What AWS answered for one entry of a batch put.
 *
 * @param errorCode null when the entry was accepted
 */
public record EntryOutcome(String errorCode, String errorMessage) {

    /** Kinesis' and Firehose's per-entry code for a server-side failure; retriable. */
    public static final String INTERNAL_FAILURE = "InternalFailure";

    private static final EntryOutcome SUCCESS = new EntryOutcome(null, null);

    public static EntryOutcome success() {
        return SUCCESS;
    }

    public static EntryOutcome failure(String errorCode, String errorMessage) {
        return new EntryOutcome(errorCode == null ? INTERNAL_FAILURE : errorCode,
                errorMessage == null ? "no error message" : errorMessage);
    }

    public boolean succeeded() {
        return errorCode == null;
    }

    /**
     * Checks the per-entry outcomes against the response's failed count; neither is ignored. A response with a
     * different number of entries than the request cannot be matched to the records and is an error. When the
     * response counts more failures than entries carry an error code, nobody can tell which entries were lost, so
     * all of them are treated as failed and sent again (duplicates are allowed, losses are not).
     *
     * @param reportedFailedCount FailedRecordCount or FailedPutCount; null when absent
     * @throws IllegalStateException if the number of outcomes differs from {@code requested}
     */
    public static List<EntryOutcome> reconcile(String operation, int requested, Integer reportedFailedCount,
                                               List<EntryOutcome> outcomes) {
        if (outcomes.size() != requested) {
            throw new IllegalStateException(operation + " answered " + outcomes.size() + " results for "
                    + requested + " records");
        }
        long failedEntries = outcomes.stream().filter(outcome -> !outcome.succeeded()).count();
        if (reportedFailedCount == null || reportedFailedCount <= failedEntries) {
            return outcomes;
        }
        EntryOutcome unknown = failure(INTERNAL_FAILURE, operation + " reported " + reportedFailedCount
                + " failed records but only " + failedEntries + " carry an error code; sending all " + requested
                + " again");
        List<EntryOutcome> allFailed = new ArrayList<>(outcomes.size());
        for (EntryOutcome outcome : outcomes) {
            allFailed.add(outcome.succeeded() ? unknown : outcome);
        }
        return allFailed;
    }
}
