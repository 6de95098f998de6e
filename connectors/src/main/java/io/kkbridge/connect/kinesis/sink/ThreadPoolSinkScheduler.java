package io.kkbridge.connect.kinesis.sink;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link SinkScheduler}: one daemon thread per in-flight request and one timer thread. */
public final class ThreadPoolSinkScheduler implements SinkScheduler {

    private static final Logger log = LoggerFactory.getLogger(ThreadPoolSinkScheduler.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final ExecutorService requests;
    private final ScheduledExecutorService timer;

    public ThreadPoolSinkScheduler(String threadNamePrefix, int maxInFlightRequests) {
        this.requests = Executors.newFixedThreadPool(maxInFlightRequests, threads(threadNamePrefix + "-put-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads(threadNamePrefix + "-timer-"));
    }

    /** Thread names that tell the connectors of a worker apart: kind and the connector's {@code name}. */
    public static String threadNamePrefix(String kind, Map<String, ?> connectorProps) {
        Object name = connectorProps.get("name");
        return name == null ? kind : kind + "-" + name;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void submit(Runnable request) {
        requests.execute(request);
    }

    @Override
    public void schedule(Runnable wakeUp, long delayNanos) {
        timer.schedule(() -> {
            try {
                wakeUp.run();
            } catch (RuntimeException e) {
                log.error("Sink timer task failed", e);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        requests.shutdownNow();
        try {
            if (!requests.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Put requests still running {} s after the task was stopped", SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
