package io.kkbridge.testsupport.firehose;

import java.util.Random;

/** Draws the faults of the current {@link FaultPlan}; one lock keeps the draw order equal to the call order. */
final class FaultInjector {

    enum CallFault { NONE, THROTTLED, INTERNAL_FAILURE }

    private FaultPlan plan = FaultPlan.none();
    private Random random = new Random(plan.seed());

    /** Replaces the plan and restarts its decision sequence from the seed. */
    synchronized void apply(FaultPlan newPlan) {
        plan = newPlan;
        random = new Random(newPlan.seed());
    }

    synchronized FaultPlan plan() {
        return plan;
    }

    /** Ends the call with the injected error when the plan draws one for it. */
    void failCallIfInjected(FirehoseOperation operation) {
        switch (nextCallFault(operation)) {
            case THROTTLED -> throw FirehoseError.serviceUnavailable();
            case INTERNAL_FAILURE -> throw FirehoseError.internalFailure("Injected internal failure");
            case NONE -> { }
            default -> throw new IllegalStateException("Unknown fault");
        }
    }

    synchronized CallFault nextCallFault(FirehoseOperation operation) {
        if (!plan.operations().contains(operation)) {
            return CallFault.NONE;
        }
        double draw = random.nextDouble();
        if (draw < plan.throttledCallShare()) {
            return CallFault.THROTTLED;
        }
        if (draw < plan.throttledCallShare() + plan.internalFailureShare()) {
            return CallFault.INTERNAL_FAILURE;
        }
        return CallFault.NONE;
    }

    /** For each of {@code count} batch entries, whether it fails individually. */
    synchronized boolean[] nextFailedEntries(int count) {
        boolean[] failed = new boolean[count];
        for (int i = 0; i < count; i++) {
            failed[i] = random.nextDouble() < plan.failedEntryShare();
        }
        return failed;
    }
}
