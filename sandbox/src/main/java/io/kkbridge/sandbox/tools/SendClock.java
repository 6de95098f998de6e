package io.kkbridge.sandbox.tools;

/** Time for pacing and backoff; tests replace it to run without waiting. */
public interface SendClock {

    SendClock SYSTEM = new SendClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        }
    };

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;
}
