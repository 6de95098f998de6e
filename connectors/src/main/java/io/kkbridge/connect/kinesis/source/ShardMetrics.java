package io.kkbridge.connect.kinesis.source;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one shard, read over JMX (Connect 3.7 offers plugins no metrics API). Written by the task thread,
 * read by JMX threads: hence atomics and volatiles.
 */
public final class ShardMetrics implements ShardMetricsMBean {

    private final AtomicLong recordsEmitted = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();
    private final AtomicLong getRecordsCalls = new AtomicLong();
    private final AtomicLong iteratorRenewals = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile long millisBehindLatest;
    private volatile String state = "WAITING_FOR_PARENTS";

    void recordGetRecordsCall() {
        getRecordsCalls.incrementAndGet();
    }

    void recordResponse(long bytes, long behind) {
        bytesRead.addAndGet(bytes);
        millisBehindLatest = behind;
    }

    void recordEmitted(int records) {
        recordsEmitted.addAndGet(records);
    }

    void recordThrottle() {
        throttles.incrementAndGet();
    }

    void recordSubscription() {
        subscriptions.incrementAndGet();
    }

    void recordIteratorRenewal() {
        iteratorRenewals.incrementAndGet();
    }

    void recordDeadLetter() {
        deadLettered.incrementAndGet();
    }

    void state(String newState) {
        state = newState;
    }

    @Override
    public long getRecordsEmitted() {
        return recordsEmitted.get();
    }

    @Override
    public long getBytesRead() {
        return bytesRead.get();
    }

    @Override
    public long getMillisBehindLatest() {
        return millisBehindLatest;
    }

    @Override
    public long getThrottles() {
        return throttles.get();
    }

    @Override
    public long getGetRecordsCalls() {
        return getRecordsCalls.get();
    }

    @Override
    public long getSubscriptions() {
        return subscriptions.get();
    }

    @Override
    public long getIteratorRenewals() {
        return iteratorRenewals.get();
    }

    @Override
    public long getDeadLetteredRecords() {
        return deadLettered.get();
    }

    @Override
    public String getState() {
        return state;
    }
}
