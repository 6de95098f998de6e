package io.kkbridge.connect.kinesis.sink;

import io.kkbridge.connect.aws.AwsErrorClassifier;
import io.kkbridge.connect.aws.AwsResource;
import io.kkbridge.connect.aws.ClassifiedError;
import io.kkbridge.connect.aws.ErrorCategory;
import io.kkbridge.connect.aws.RetryDecision;
import io.kkbridge.connect.aws.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns accepted records into batch put requests and sees each record through to an acknowledgement: batching
 * with linger, up to {@code maxInFlightRequests} concurrent requests, and retries of only the failed entries with
 * backoff.
 *
 * <p>Order per key: a record with an ordering key is sent only when no older record with that key is pending,
 * waiting for a retry or in flight, and each request holds at most one entry per key. So when an entry for key K
 * fails, every later K record waits until the failed one has been retried and accepted, and concurrent requests
 * always carry disjoint key sets: more requests in flight add throughput across keys, never reorder one key.
 * Records without a key (Firehose) have no such constraint.
 *
 * <p>Per destination the records wait in arrival order; a batch takes, in that order, every record that is
 * eligible and fits. A batch is sent when it is full, when its oldest record has waited {@code linger}, or at once
 * for records that are due for a retry (their linger passed long ago).
 *
 * <p>Failures: a call error or a failed entry is classified once ({@link AwsErrorClassifier}); retriable ones go
 * back in line after the {@link RetryPolicy}'s backoff, counted per record. Throttling is back-pressure and is
 * retried without limit ({@link RetryPolicy#decideForDataCall}); a fatal error, or another retriable one past
 * the last attempt, becomes the task's failure, which the task thread rethrows from its next {@code put()} or
 * {@code preCommit()}. After a failure nothing more is sent.
 */
public final class PutDispatcher {

    /** Sends one request; one outcome per entry, in order. Throws when the call itself fails. */
    @FunctionalInterface
    public interface RequestSender {
        List<EntryOutcome> send(String destination, List<BatchEntry> entries);
    }

    /**
     * @param requestName AWS operation, for messages: PutRecords, PutRecordBatch
     * @param resources   destination name to the resource that messages and error classification name
     */
    public record Settings(String requestName, int maxInFlightRequests, Duration linger, RetryPolicy retryPolicy,
                           AwsErrorClassifier classifier, Function<String, AwsResource> resources) {
    }

    private static final Logger log = LoggerFactory.getLogger(PutDispatcher.class);
    private static final long NO_WAKE_UP = Long.MAX_VALUE;

    private final Settings settings;
    private final long lingerNanos;
    private final Supplier<BatchBuilder> batchBuilders;
    private final RequestSender sender;
    private final AcknowledgedOffsets offsets;
    private final SinkScheduler scheduler;

    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private long nextSequence;
    private int inFlightRequests;
    private int bufferedRecords;
    private long bufferedBytes;
    private boolean wakeUpScheduled;
    private long wakeUpAtNanos = NO_WAKE_UP;
    private boolean closed;
    /** While set, batches go out without waiting for their linger: a flush is waiting for them. */
    private boolean flushing;
    private volatile ConnectException failure;

    private long requestsSent;
    private long acknowledgedRecords;
    private long retriedRecords;

    public PutDispatcher(Settings settings, Supplier<BatchBuilder> batchBuilders, RequestSender sender,
                         AcknowledgedOffsets offsets, SinkScheduler scheduler) {
        this.settings = settings;
        this.lingerNanos = settings.linger().toNanos();
        this.batchBuilders = batchBuilders;
        this.sender = sender;
        this.offsets = offsets;
        this.scheduler = scheduler;
    }

    /** The records of one destination, and which of its keys are in flight. */
    private static final class Lane {
        final String destination;
        final AwsResource resource;
        // by arrival sequence: a record back from a failed request returns to its place, ahead of later ones
        final TreeMap<Long, PendingRecord> waiting = new TreeMap<>();
        final Set<String> keysInFlight = new HashSet<>();

        Lane(String destination, AwsResource resource) {
            this.destination = destination;
            this.resource = resource;
        }
    }

    /** A candidate batch: what would be sent now, and when to look again if not now. */
    private record Plan(BatchBuilder builder, List<PendingRecord> records, boolean full, long oldestEnqueuedNanos,
                        long backoffEndsNanos) {

        boolean sendable(long now, long lingerNanos) {
            return !records.isEmpty() && (full || now - oldestEnqueuedNanos >= lingerNanos);
        }

        long wakeUpAt(long lingerNanos) {
            long lingerEnds = records.isEmpty() ? NO_WAKE_UP : oldestEnqueuedNanos + lingerNanos;
            return Math.min(lingerEnds, backoffEndsNanos);
        }
    }

    private record FailedEntry(BatchEntry entry, ClassifiedError error) {
    }

    /** Queues records in the order given; call {@link #pump()} afterwards to send what is ready. */
    public synchronized void add(List<PendingRecord> records) {
        long now = scheduler.nanoTime();
        for (PendingRecord record : records) {
            record.sequence = nextSequence++;
            record.enqueuedNanos = now;
            lanes.computeIfAbsent(record.destination(),
                    destination -> new Lane(destination, settings.resources().apply(destination)))
                    .waiting.put(record.sequence, record);
            bufferedRecords++;
            bufferedBytes += record.sizeBytes();
        }
    }

    /** Sends every batch that is ready, as far as the in-flight limit allows, and sets a timer for the rest. */
    public synchronized void pump() {
        if (closed || failure != null) {
            return;
        }
        long now = scheduler.nanoTime();
        long wakeUpAt = NO_WAKE_UP;
        boolean sentAny = true;
        while (sentAny && inFlightRequests < settings.maxInFlightRequests()) {
            sentAny = false;
            for (Lane lane : lanes.values()) {
                if (inFlightRequests >= settings.maxInFlightRequests()) {
                    break;
                }
                Plan plan = plan(lane, now);
                long linger = flushing ? 0 : lingerNanos;
                if (plan.sendable(now, linger)) {
                    send(lane, plan);
                    sentAny = true;
                } else {
                    wakeUpAt = Math.min(wakeUpAt, plan.wakeUpAt(linger));
                }
            }
        }
        scheduleWakeUp(wakeUpAt, now);
    }

    private Plan plan(Lane lane, long now) {
        BatchBuilder builder = batchBuilders.get();
        List<PendingRecord> taken = new ArrayList<>();
        // keys that must not appear (again) in this batch: an older record of the key was left behind
        Set<String> closedKeys = new HashSet<>();
        long oldestEnqueued = NO_WAKE_UP;
        long backoffEnds = NO_WAKE_UP;
        boolean full = false;
        for (PendingRecord record : lane.waiting.values()) {
            String key = record.orderingKey();
            if (key != null && (lane.keysInFlight.contains(key) || closedKeys.contains(key))) {
                continue;
            }
            if (record.notBeforeNanos > now) {
                backoffEnds = Math.min(backoffEnds, record.notBeforeNanos);
                closeKey(closedKeys, key);
                continue;
            }
            BatchBuilder.Offer offer = builder.offer(record);
            if (offer == BatchBuilder.Offer.ADDED) {
                taken.add(record);
                oldestEnqueued = Math.min(oldestEnqueued, record.enqueuedNanos);
                if (builder.isFull()) {
                    full = true;
                    break;
                }
            } else {
                // FULL still lets other keys' records fill the batch (a smaller record, a growing aggregate)
                full |= offer == BatchBuilder.Offer.FULL;
                closeKey(closedKeys, key);
            }
        }
        return new Plan(builder, taken, full, oldestEnqueued, backoffEnds);
    }

    private static void closeKey(Set<String> closedKeys, String key) {
        if (key != null) {
            closedKeys.add(key);
        }
    }

    private void send(Lane lane, Plan plan) {
        for (PendingRecord record : plan.records()) {
            lane.waiting.remove(record.sequence);
            if (record.orderingKey() != null) {
                lane.keysInFlight.add(record.orderingKey());
            }
        }
        inFlightRequests++;
        requestsSent++;
        scheduler.submit(() -> execute(lane, plan));
    }

    // On a request thread, without the lock: building (aggregating) and the call itself.
    private void execute(Lane lane, Plan plan) {
        List<BatchEntry> entries = null;
        List<EntryOutcome> outcomes = null;
        Throwable error = null;
        try {
            entries = plan.builder().build();
            log.debug("Sending {} to {}: {} entries, {} records", settings.requestName(),
                    lane.resource.description(), entries.size(), plan.records().size());
            outcomes = sender.send(lane.destination, entries);
            if (outcomes.size() != entries.size()) {
                throw new IllegalStateException(settings.requestName() + " answered " + outcomes.size()
                        + " results for " + entries.size() + " entries");
            }
        } catch (RuntimeException | Error e) {
            error = e;
        }
        complete(lane, plan, entries, outcomes, error);
    }

    private synchronized void complete(Lane lane, Plan plan, List<BatchEntry> entries,
                                       List<EntryOutcome> outcomes, Throwable error) {
        inFlightRequests--;
        for (PendingRecord record : plan.records()) {
            if (record.orderingKey() != null) {
                lane.keysInFlight.remove(record.orderingKey());
            }
        }
        if (closed || failure != null) {
            return;
        }
        if (entries == null) {
            fail(lane.resource.description() + ": could not build a " + settings.requestName() + " request: "
                    + error, error);
            return;
        }
        List<FailedEntry> failed = new ArrayList<>();
        if (error != null) {
            ClassifiedError classified = settings.classifier().classify(error, lane.resource);
            entries.forEach(entry -> failed.add(new FailedEntry(entry, classified)));
        } else {
            for (int i = 0; i < entries.size(); i++) {
                EntryOutcome outcome = outcomes.get(i);
                if (outcome.succeeded()) {
                    acknowledge(entries.get(i));
                } else {
                    failed.add(new FailedEntry(entries.get(i), settings.classifier()
                            .classifyErrorCode(outcome.errorCode(), outcome.errorMessage(), lane.resource)));
                }
            }
        }
        if (failed.isEmpty() || requeue(lane, failed, plan.records().size())) {
            pump();
        }
        notifyAll(); // a flush may be waiting for this request
    }

    /**
     * Sends every waiting record at once, without waiting for linger (records waiting for a retry keep their
     * backoff), and waits until every record accepted so far is acknowledged, sending failed, or {@code timeout}
     * passed. The task calls it before offsets are committed, so that a commit, a rebalance or a graceful stop
     * leaves as little as possible to be sent again by the partitions' next owner.
     *
     * @return true when nothing is left unacknowledged
     */
    public synchronized boolean flush(Duration timeout) {
        if (timeout.isZero() || bufferedRecords == 0) {
            return bufferedRecords == 0;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        flushing = true;
        try {
            pump();
            while (bufferedRecords > 0 && failure == null && !closed) {
                long remainingNanos = deadline - System.nanoTime();
                if (remainingNanos <= 0) {
                    log.debug("Flush timed out after {} ms with {} records unacknowledged", timeout.toMillis(),
                            bufferedRecords);
                    return false;
                }
                wait(Math.max(1, remainingNanos / 1_000_000));
            }
            return bufferedRecords == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            flushing = false;
        }
    }

    private void acknowledge(BatchEntry entry) {
        for (PendingRecord record : entry.records()) {
            offsets.acknowledge(record.position());
            release(record);
            acknowledgedRecords++;
        }
    }

    private void release(PendingRecord record) {
        bufferedRecords--;
        bufferedBytes -= record.sizeBytes();
    }

    /**
     * Puts failed records back in line; false when the task failed instead. Entries that failed together are
     * retried together, after the longest of their backoffs.
     */
    private boolean requeue(Lane lane, List<FailedEntry> failed, int recordsInRequest) {
        Duration delay = Duration.ZERO;
        List<PendingRecord> retained = new ArrayList<>();
        for (FailedEntry failedEntry : failed) {
            boolean throttled = failedEntry.error().category() == ErrorCategory.THROTTLED;
            int attempts = 0;
            int throttles = 0;
            boolean anyRetained = false;
            for (PendingRecord record : failedEntry.entry().records()) {
                if (offsets.isForgotten(record.position())) {
                    release(record); // its partition was closed: the next owner sends it again
                    continue;
                }
                if (throttled) {
                    throttles = Math.max(throttles, ++record.throttlesInARow);
                } else {
                    record.throttlesInARow = 0;
                    attempts = Math.max(attempts, ++record.failedAttempts);
                }
                retained.add(record);
                anyRetained = true;
            }
            if (!anyRetained) {
                continue;
            }
            RetryDecision decision = settings.retryPolicy().decideForDataCall(failedEntry.error(), throttles,
                    attempts);
            if (!decision.retry()) {
                fail(giveUpMessage(lane, decision, failed, recordsInRequest), failedEntry.error().cause());
                return false;
            }
            delay = decision.delay().compareTo(delay) > 0 ? decision.delay() : delay;
        }
        long notBefore = scheduler.nanoTime() + delay.toNanos();
        for (PendingRecord record : retained) {
            record.notBeforeNanos = notBefore;
            lane.waiting.put(record.sequence, record);
        }
        retriedRecords += retained.size();
        if (log.isDebugEnabled()) {
            log.debug("{} of {} records in a {} request to {} failed, retrying in {} ms: {}", countRecords(failed),
                    recordsInRequest, settings.requestName(), lane.resource.description(), delay.toMillis(),
                    failed.get(0).error().message());
        }
        return true;
    }

    private String giveUpMessage(Lane lane, RetryDecision decision, List<FailedEntry> failed,
                                 int recordsInRequest) {
        PendingRecord first = failed.get(0).entry().records().get(0);
        return decision.message() + ". " + countRecords(failed) + " of " + recordsInRequest + " records in the last "
                + settings.requestName() + " request to " + lane.resource.description() + " failed; the first is at "
                + first.position().recordPosition();
    }

    private static int countRecords(List<FailedEntry> failed) {
        return failed.stream().mapToInt(entry -> entry.entry().records().size()).sum();
    }

    private void fail(String message, Throwable cause) {
        log.error("Sink task failed: {}", message);
        failure = new ConnectException(message, cause);
        notifyAll();
    }

    private void scheduleWakeUp(long at, long now) {
        if (at == NO_WAKE_UP || (wakeUpScheduled && wakeUpAtNanos <= at)) {
            return;
        }
        wakeUpScheduled = true;
        wakeUpAtNanos = at;
        scheduler.schedule(this::wakeUp, Math.max(0, at - now));
    }

    private synchronized void wakeUp() {
        wakeUpScheduled = false;
        wakeUpAtNanos = NO_WAKE_UP;
        pump();
    }

    /** The failure that ended sending, or null. */
    public ConnectException failure() {
        return failure;
    }

    /**
     * Drops the waiting records of closed partitions; the records in flight finish, and are not retried if they
     * fail. Their offsets are not committed, so the partitions' next owner sends them again.
     *
     * @return how many waiting records were dropped
     */
    public synchronized int discard(Collection<TopicPartition> partitions) {
        Set<TopicPartition> closedPartitions = new HashSet<>(partitions);
        int dropped = 0;
        for (Lane lane : lanes.values()) {
            Iterator<PendingRecord> waiting = lane.waiting.values().iterator();
            while (waiting.hasNext()) {
                PendingRecord record = waiting.next();
                if (closedPartitions.contains(record.position().recordPosition().topicPartition())) {
                    waiting.remove();
                    release(record);
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** Stops sending; results of requests still in flight are ignored. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Records accepted but not yet acknowledged: waiting, in flight or waiting for a retry. */
    public synchronized int bufferedRecords() {
        return bufferedRecords;
    }

    public synchronized long bufferedBytes() {
        return bufferedBytes;
    }

    public synchronized int inFlightRequests() {
        return inFlightRequests;
    }

    public synchronized long requestsSent() {
        return requestsSent;
    }

    public synchronized long acknowledgedRecords() {
        return acknowledgedRecords;
    }

    public synchronized long retriedRecords() {
        return retriedRecords;
    }
}
