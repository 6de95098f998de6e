package io.kkbridge.testsupport.kinesis.fault;

import java.util.Set;

/**
 * Which faults {@link KinesisFaultProxy} injects in front of a Kinesis emulator. Decisions are drawn from three
 * random sequences split off a {@link java.util.SplittableRandom} seeded with {@code seed} when the plan is applied:
 * one draw per whole-call decision (each call of an operation in {@code operations}), one per PutRecords entry, and
 * one per GetRecords call for iterator expiry. Separate sequences keep, say, the failed entries of a PutRecords call
 * independent of how many GetRecords calls came before it; sequential calls see the same faults on every run.
 * Requests stopped earlier (rejected credentials, a whole-call fault) do not draw from the later sequences.
 *
 * @param seed                        seed of the decisions
 * @param operations                  operations (e.g. {@code "PutRecords"}) whose calls may fail as a whole
 * @param throttledCallShare          share of those calls answered with HTTP 400
 *                                    ProvisionedThroughputExceededException
 * @param limitExceededCallShare      share answered with HTTP 400 LimitExceededException
 * @param internalFailureCallShare    share answered with HTTP 500 InternalFailure
 * @param serviceUnavailableCallShare share answered with HTTP 503 ServiceUnavailable
 * @param throttledEntryShare         share of PutRecords entries failed with ErrorCode
 *                                    ProvisionedThroughputExceededException; they are not written
 * @param internalFailureEntryShare   share of PutRecords entries failed with ErrorCode InternalFailure; not written
 * @param expiredIteratorShare        share of GetRecords calls answered with HTTP 400 ExpiredIteratorException
 * @param rejectedAccessKeyIds        access key ids whose every request gets HTTP 400 UnrecognizedClientException
 * @param accessDeniedAccessKeyIds    access key ids whose every request gets HTTP 400 AccessDeniedException
 */
public record ProxyFaultPlan(long seed, Set<String> operations, double throttledCallShare,
                             double limitExceededCallShare, double internalFailureCallShare,
                             double serviceUnavailableCallShare, double throttledEntryShare,
                             double internalFailureEntryShare, double expiredIteratorShare,
                             Set<String> rejectedAccessKeyIds, Set<String> accessDeniedAccessKeyIds) {

    public static final String GET_RECORDS = "GetRecords";
    public static final String PUT_RECORDS = "PutRecords";

    /** By default whole-call faults hit the record-carrying batch calls, the ones the real service throttles. */
    public static final Set<String> DEFAULT_OPERATIONS = Set.of(GET_RECORDS, PUT_RECORDS);

    public ProxyFaultPlan {
        requireShare("throttledCallShare", throttledCallShare);
        requireShare("limitExceededCallShare", limitExceededCallShare);
        requireShare("internalFailureCallShare", internalFailureCallShare);
        requireShare("serviceUnavailableCallShare", serviceUnavailableCallShare);
        requireShare("throttledEntryShare", throttledEntryShare);
        requireShare("internalFailureEntryShare", internalFailureEntryShare);
        requireShare("expiredIteratorShare", expiredIteratorShare);
        if (throttledCallShare + limitExceededCallShare + internalFailureCallShare + serviceUnavailableCallShare
                > 1.0) {
            throw new IllegalArgumentException("The whole-call fault shares must not add up to more than 1");
        }
        if (throttledEntryShare + internalFailureEntryShare > 1.0) {
            throw new IllegalArgumentException("The entry fault shares must not add up to more than 1");
        }
        operations = Set.copyOf(operations);
        rejectedAccessKeyIds = Set.copyOf(rejectedAccessKeyIds);
        accessDeniedAccessKeyIds = Set.copyOf(accessDeniedAccessKeyIds);
    }

    /** No faults: every request is forwarded unchanged. */
    public static ProxyFaultPlan none() {
        return seeded(0L);
    }

    /** No faults yet, decisions seeded with {@code seed}; add faults with the {@code with…} methods. */
    public static ProxyFaultPlan seeded(long seed) {
        return new ProxyFaultPlan(seed, DEFAULT_OPERATIONS, 0, 0, 0, 0, 0, 0, 0, Set.of(), Set.of());
    }

    /** Whole calls failed with ProvisionedThroughputExceededException (HTTP 400). */
    public ProxyFaultPlan withThrottledCalls(double share) {
        return new ProxyFaultPlan(seed, operations, share, limitExceededCallShare, internalFailureCallShare,
                serviceUnavailableCallShare, throttledEntryShare, internalFailureEntryShare, expiredIteratorShare,
                rejectedAccessKeyIds, accessDeniedAccessKeyIds);
    }

    /** Whole calls failed with LimitExceededException (HTTP 400). */
    public ProxyFaultPlan withLimitExceededCalls(double share) {
        return new ProxyFaultPlan(seed, operations, throttledCallShare, share, internalFailureCallShare,
                serviceUnavailableCallShare, throttledEntryShare, internalFailureEntryShare, expiredIteratorShare,
                rejectedAccessKeyIds, accessDeniedAccessKeyIds);
    }

    /** Whole calls failed with InternalFailure (HTTP 500). */
    public ProxyFaultPlan withInternalFailureCalls(double share) {
        return new ProxyFaultPlan(seed, operations, throttledCallShare, limitExceededCallShare, share,
                serviceUnavailableCallShare, throttledEntryShare, internalFailureEntryShare, expiredIteratorShare,
                rejectedAccessKeyIds, accessDeniedAccessKeyIds);
    }

    /** Whole calls failed with ServiceUnavailable (HTTP 503). */
    public ProxyFaultPlan withServiceUnavailableCalls(double share) {
        return new ProxyFaultPlan(seed, operations, throttledCallShare, limitExceededCallShare,
                internalFailureCallShare, share, throttledEntryShare, internalFailureEntryShare,
                expiredIteratorShare, rejectedAccessKeyIds, accessDeniedAccessKeyIds);
    }

    /** PutRecords entries failed with ProvisionedThroughputExceededException. */
    public ProxyFaultPlan withThrottledEntries(double share) {
        return new ProxyFaultPlan(seed, operations, throttledCallShare, limitExceededCallShare,
                internalFailureCallShare, serviceUnavailableCallShare, share, internalFailureEntryShare,
                expiredIteratorShare, rejectedAccessKeyIds, accessDeniedAccessKeyIds);
    }

    /** PutRecords entries failed with InternalFailure. */
    public ProxyFaultPlan withInternalFailureEntries(double share) {
        return new ProxyFaultPlan(seed, operations, throttledCallShare, limitExceededCallShare,
                internalFailureCallShare, serviceUnavailableCallShare, throttledEntryShare, share,
                expiredIteratorShare, rejectedAccessKeyIds, accessDeniedAccessKeyIds);
    }

    /** GetRecords calls failed with ExpiredIteratorException; the iterator is not used, so it can be renewed. */
    public ProxyFaultPlan withExpiredIterators(double share) {
        return new ProxyFaultPlan(seed, operations, throttledCallShare, limitExceededCallShare,
                internalFailureCallShare, serviceUnavailableCallShare, throttledEntryShare,
                internalFailureEntryShare, share, rejectedAccessKeyIds, accessDeniedAccessKeyIds);
    }

    /** Lets whole-call faults hit these operations (X-Amz-Target names, e.g. {@code "ListShards"}) instead. */
    public ProxyFaultPlan onOperations(Set<String> affected) {
        return new ProxyFaultPlan(seed, affected, throttledCallShare, limitExceededCallShare,
                internalFailureCallShare, serviceUnavailableCallShare, throttledEntryShare,
                internalFailureEntryShare, expiredIteratorShare, rejectedAccessKeyIds, accessDeniedAccessKeyIds);
    }

    /** Requests signed with these access key ids get UnrecognizedClientException, as AWS answers unknown keys. */
    public ProxyFaultPlan withRejectedAccessKeyIds(String... accessKeyIds) {
        return new ProxyFaultPlan(seed, operations, throttledCallShare, limitExceededCallShare,
                internalFailureCallShare, serviceUnavailableCallShare, throttledEntryShare,
                internalFailureEntryShare, expiredIteratorShare, Set.of(accessKeyIds), accessDeniedAccessKeyIds);
    }

    /**
     * Requests signed with these access key ids get AccessDeniedException, as AWS answers a key without permission.
     * A key that is also rejected gets UnrecognizedClientException: AWS authenticates before it authorizes.
     */
    public ProxyFaultPlan withAccessDeniedAccessKeyIds(String... accessKeyIds) {
        return new ProxyFaultPlan(seed, operations, throttledCallShare, limitExceededCallShare,
                internalFailureCallShare, serviceUnavailableCallShare, throttledEntryShare,
                internalFailureEntryShare, expiredIteratorShare, rejectedAccessKeyIds, Set.of(accessKeyIds));
    }

    private static void requireShare(String name, double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + share);
        }
    }
}
