package io.kkbridge.connect.kinesis.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link SinkScheduler} for tests: requests queue up until the test runs them (so a queued request is "in
 * flight"), and the clock moves only when the test advances it, firing due timers in order. Everything runs on the
 * test's thread.
 */
public final class ManualSinkScheduler implements SinkScheduler {

    private record Timer(long dueNanos, long sequence, Runnable task) {
    }

    private final List<Runnable> requests = new ArrayList<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparingLong(Timer::dueNanos).thenComparingLong(Timer::sequence));
    private long now = 1_000_000_000L;
    private long timerSequence;
    private boolean closed;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void submit(Runnable request) {
        requests.add(request);
    }

    @Override
    public void schedule(Runnable wakeUp, long delayNanos) {
        timers.add(new Timer(now + delayNanos, timerSequence++, wakeUp));
    }

    @Override
    public void close() {
        closed = true;
        requests.clear();
        timers.clear();
    }

    public boolean closed() {
        return closed;
    }

    /** Requests submitted and not yet run: the requests in flight. */
    public int inFlight() {
        return requests.size();
    }

    /** Runs requests, oldest first, including those their completions submit, until none is left. */
    public void runRequests() {
        while (!requests.isEmpty()) {
            requests.remove(0).run();
        }
    }

    /** Runs only the request at {@code index} among those in flight (0 is the oldest). */
    public void runRequest(int index) {
        requests.remove(index).run();
    }

    /** Runs requests, then moves the clock by {@code duration}, firing due timers and running what they send. */
    public void advance(Duration duration) {
        long target = now + duration.toNanos();
        runRequests();
        while (!timers.isEmpty() && timers.peek().dueNanos() <= target) {
            Timer timer = timers.poll();
            now = Math.max(now, timer.dueNanos());
            timer.task().run();
            runRequests();
        }
        now = target;
    }
}
