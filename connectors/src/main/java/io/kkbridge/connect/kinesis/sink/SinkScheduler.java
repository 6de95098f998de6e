package io.kkbridge.connect.kinesis.sink;

/**
 * Time and threads of a {@link PutDispatcher}: requests run on up to max-in-flight threads, timers wake the
 * dispatcher for linger and retry deadlines. A seam, so tests run everything on their own thread with a manual clock.
 */
public interface SinkScheduler extends AutoCloseable {

    long nanoTime();

    /** Runs a put request, which blocks on I/O. */
    void submit(Runnable request);

    void schedule(Runnable wakeUp, long delayNanos);

    /** Stops the timers and interrupts running requests. */
    @Override
    void close();
}
