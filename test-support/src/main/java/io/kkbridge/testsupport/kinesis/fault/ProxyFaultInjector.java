package io.kkbridge.testsupport.kinesis.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws the faults of the current {@link ProxyFaultPlan}; one lock keeps the draw order equal to the call order. */
final class ProxyFaultInjector {

    enum CallFault { NONE, THROTTLED, LIMIT_EXCEEDED, INTERNAL_FAILURE, SERVICE_UNAVAILABLE }

    enum EntryFault { NONE, THROTTLED, INTERNAL_FAILURE }

    private ProxyFaultPlan plan;
    private SplittableRandom callDraws;
    private SplittableRandom entryDraws;
    private SplittableRandom iteratorDraws;

    ProxyFaultInjector() {
        apply(ProxyFaultPlan.none());
    }

    /** Replaces the plan and restarts its decision sequences from the seed. */
    synchronized void apply(ProxyFaultPlan newPlan) {
        plan = newPlan;
        SplittableRandom root = new SplittableRandom(newPlan.seed());
        callDraws = root.split();
        entryDraws = root.split();
        iteratorDraws = root.split();
    }

    synchronized ProxyFaultPlan plan() {
        return plan;
    }

    /** The whole-call fault of a call; draws only for the plan's operations. */
    synchronized CallFault nextCallFault(String operation) {
        if (!plan.operations().contains(operation)) {
            return CallFault.NONE;
        }
        double draw = callDraws.nextDouble();
        double bound = plan.throttledCallShare();
        if (draw < bound) {
            return CallFault.THROTTLED;
        }
        bound += plan.limitExceededCallShare();
        if (draw < bound) {
            return CallFault.LIMIT_EXCEEDED;
        }
        bound += plan.internalFailureCallShare();
        if (draw < bound) {
            return CallFault.INTERNAL_FAILURE;
        }
        bound += plan.serviceUnavailableCallShare();
        return draw < bound ? CallFault.SERVICE_UNAVAILABLE : CallFault.NONE;
    }

    /** For each of {@code count} PutRecords entries, in request order, whether and how it fails. */
    synchronized List<EntryFault> nextEntryFaults(int count) {
        List<EntryFault> faults = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double draw = entryDraws.nextDouble();
            if (draw < plan.throttledEntryShare()) {
                faults.add(EntryFault.THROTTLED);
            } else if (draw < plan.throttledEntryShare() + plan.internalFailureEntryShare()) {
                faults.add(EntryFault.INTERNAL_FAILURE);
            } else {
                faults.add(EntryFault.NONE);
            }
        }
        return faults;
    }

    /** Whether a GetRecords call is answered with ExpiredIteratorException. */
    synchronized boolean nextIteratorExpired() {
        return iteratorDraws.nextDouble() < plan.expiredIteratorShare();
    }
}
