package io.kkbridge.testsupport.firehose;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which share of calls and batch entries {@link LocalFirehose} fails on purpose. Decisions come from a
 * {@link java.util.Random} seeded with {@code seed} when the plan is applied, drawn once per affected call and once
 * per PutRecordBatch entry in arrival order, so sequential calls see the same failures on every run.
 * Only calls that would otherwise succeed draw: invalid requests fail as usual and do not shift the sequence.
 *
 * @param throttledCallShare     share of calls answered with ServiceUnavailableException ("Slow down.")
 * @param internalFailureShare   share of calls answered with HTTP 500 InternalFailure
 * @param failedEntryShare       share of PutRecordBatch entries failed individually with ErrorCode
 *                               ServiceUnavailableException; those records are not delivered
 * @param seed                   seed of the decisions
 * @param operations             operations whose calls may fail as a whole (entry failures are PutRecordBatch's)
 */
public record FaultPlan(double throttledCallShare, double internalFailureShare, double failedEntryShare, long seed,
                        Set<FirehoseOperation> operations) {

    /** By default only the record-carrying calls fail: the model declares ServiceUnavailableException only there. */
    private static final Set<FirehoseOperation> DATA_PLANE =
            EnumSet.of(FirehoseOperation.PUT_RECORD, FirehoseOperation.PUT_RECORD_BATCH);

    public FaultPlan {
        requireShare("throttledCallShare", throttledCallShare);
        requireShare("internalFailureShare", internalFailureShare);
        requireShare("failedEntryShare", failedEntryShare);
        if (throttledCallShare + internalFailureShare > 1.0) {
            throw new IllegalArgumentException("throttledCallShare + internalFailureShare must not exceed 1");
        }
        operations = Set.copyOf(operations);
    }

    /** No faults. */
    public static FaultPlan none() {
        return seeded(0L);
    }

    /** No faults yet, decisions seeded with {@code seed}; add shares with the {@code with…} methods. */
    public static FaultPlan seeded(long seed) {
        return new FaultPlan(0, 0, 0, seed, DATA_PLANE);
    }

    public FaultPlan withThrottledCalls(double share) {
        return new FaultPlan(share, internalFailureShare, failedEntryShare, seed, operations);
    }

    public FaultPlan withInternalFailures(double share) {
        return new FaultPlan(throttledCallShare, share, failedEntryShare, seed, operations);
    }

    public FaultPlan withFailedEntries(double share) {
        return new FaultPlan(throttledCallShare, internalFailureShare, share, seed, operations);
    }

    /**
     * Lets whole-call faults hit these operations instead of only PutRecord and PutRecordBatch. They answer with the
     * same error types everywhere, although the real service throttles control-plane calls with
     * LimitExceededException.
     */
    public FaultPlan onOperations(Set<FirehoseOperation> affected) {
        return new FaultPlan(throttledCallShare, internalFailureShare, failedEntryShare, seed, affected);
    }

    private static void requireShare(String name, double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + share);
        }
    }
}
