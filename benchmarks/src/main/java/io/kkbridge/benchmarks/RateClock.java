package io.kkbridge.benchmarks;

/**
 * The sustained rate of a run: records per second between the moments 10% and 100% of the records were reached,
 * leaving out start-up (group joins, task start, JIT of the first calls).
 */
final class RateClock {
    private final long total;
    private long tenPercentAt;
    private long doneAt;

    RateClock(long total) {
        this.total = total;
    }

    void reached(long count) {
        long now = System.nanoTime();
        if (tenPercentAt == 0 && count >= total / 10) {
            tenPercentAt = now;
        }
        if (doneAt == 0 && count >= total) {
            doneAt = now;
        }
    }

    boolean done() {
        return doneAt != 0;
    }

    double rate() {
        if (doneAt == 0) {
            throw new IllegalStateException("the run has not reached all " + total + " records");
        }
        return (total - total / 10) * 1e9 / (doneAt - tenPercentAt);
    }
}
