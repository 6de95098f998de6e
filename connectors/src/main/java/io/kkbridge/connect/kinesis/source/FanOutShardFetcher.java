package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsCallFailedException;
import io.kkbridge.connect.aws.AwsResource;
import io.kkbridge.connect.aws.ClassifiedError;
import io.kkbridge.connect.aws.RetryDecision;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/**
 * Fetches with enhanced fan-out: one SubscribeToShard subscription at a time, whose events Kinesis pushes from the
 * client's threads into a queue that {@link #fetch} drains on the task thread.
 *
 * <p>Back-pressure: a subscription requests {@code kinesis.efo.buffered.events.per.shard} events up front and one
 * more for each event the task took, so at most that many wait in memory; a task whose poll() is not called (its
 * producer is blocked) takes none and Kinesis sends no more.
 *
 * <p>Renewal: after {@code kinesis.efo.subscription.renewal.ms}, and whenever a subscription ended (Kinesis ends them
 * after 5 minutes) or failed with a retriable error, a new one starts AFTER_SEQUENCE_NUMBER of the last event's
 * continuation sequence number; the first starts at the reader's resume point. Records at or before the last one
 * taken are dropped, so a renewal never emits a record twice.
 *
 * <p>End: the event that names the child shards, or, for a subscription that only brings empty events, a GetRecords
 * probe that finds the shard closed (see {@link #probeEnd}).
 *
 * <p>Errors: ResourceInUse (the previous subscription is still open, for up to 5 s) and throttling (LimitExceeded:
 * one SubscribeToShard per second per shard and consumer) are retried with a growing backoff and never fatal;
 * connection resets, timeouts and server errors as the retry policy says; a consumer that is not found any more is
 * looked up again (and registered again when the connector registers it), a shard that is gone ends; other errors
 * fail the task with a message naming the stream, shard and consumer.
 */
final class FanOutShardFetcher implements ShardFetcher {

    /** Kinesis allows one SubscribeToShard per second per shard and consumer. */
    static final long MIN_RESUBSCRIBE_INTERVAL_MS = 1_000;
    /** How often a fetcher whose consumer is being looked up checks whether it is known. */
    static final long CONSUMER_LOOKUP_WAIT_MS = 200;

    private static final Logger log = LoggerFactory.getLogger(FanOutShardFetcher.class);

    private final AssignedShard shard;
    private final ReadSettings settings;
    private final KinesisFanOutProxy fanOut;
    private final KinesisProxy kinesis;
    private final ConsumerLookup consumers;
    private final ShardMetrics metrics;
    private final Runnable onArrival;
    private final AwsResource resource;

    private ShardSubscriber current;
    private String subscribedArn;
    /** The continuation sequence number of the last event taken; null until one was. */
    private String continuation;
    /** The sequence number of the last record taken since the last start at the reader's resume point. */
    private BigInteger lastSequence;
    private long notBefore;
    private long renewAt;
    private long lastSubscribe = Long.MIN_VALUE / 2;
    private long nextEndProbe;
    private int busyInARow;
    private int failedAttempts;
    private boolean closed;

    /**
     * @param kinesis   for ListShards, to tell a shard that expired from a consumer that is gone
     * @param onArrival called from the client's threads when an event or the end of a subscription arrives, so a
     *                  waiting task wakes up
     */
    FanOutShardFetcher(AssignedShard shard, ReadSettings settings, KinesisFanOutProxy fanOut, KinesisProxy kinesis,
                       ConsumerLookup consumers, ShardMetrics metrics, Runnable onArrival) {
        this.shard = shard;
        this.settings = settings;
        this.fanOut = fanOut;
        this.kinesis = kinesis;
        this.consumers = consumers;
        this.metrics = metrics;
        this.onArrival = onArrival;
        this.resource = new AwsResource("Kinesis stream '" + shard.stream() + "' (shard " + shard.shardId()
                + ", stream consumer '" + consumers.consumerName() + "')", KinesisSourceConfig.EFO_CONSUMER_NAME_CONFIG);
    }

    @Override
    public boolean isDue(long now) {
        if (closed) {
            return false;
        }
        return current == null ? now >= notBefore : current.hasSignal() || now >= renewAt;
    }

    @Override
    public long notBefore() {
        return current == null ? notBefore : renewAt;
    }

    @Override
    public ShardRecords fetch(long now, Supplier<ResumePoint> restart) {
        if (closed) {
            return null;
        }
        if (current != null) {
            ShardRecords taken = drain(now);
            if (taken != null || current != null && now < renewAt) {
                return taken;
            }
            if (current != null) {
                log.debug("Renewing the subscription to shard {} of stream '{}' from continuation {}",
                        shard.shardId(), shard.stream(), continuation);
                current.cancel();
                current = null;
                notBefore = Math.max(now, lastSubscribe + MIN_RESUBSCRIBE_INTERVAL_MS);
            }
        }
        if (now >= notBefore) {
            subscribe(now, restart);
        }
        return null;
    }

    /** Takes what the subscription delivered: records (possibly none), the shard's end, or null for nothing. */
    private ShardRecords drain(long now) {
        List<Record> records = new ArrayList<>();
        long behind = 0;
        int events = 0;
        Object signal;
        while ((signal = current.signals.peek()) != null) {
            if (signal instanceof SubscribeToShardEvent event) {
                current.signals.poll();
                events++;
                behind = event.millisBehindLatest() == null ? 0 : event.millisBehindLatest();
                take(event, records);
                busyInARow = 0;
                failedAttempts = 0;
                if (event.hasChildShards() && !event.childShards().isEmpty()) {
                    return end(records, behind, event.childShards());
                }
            } else if (events > 0) {
                break; // the end of the subscription is handled after the records before it are passed on
            } else {
                current = null;
                return ended(signal, now);
            }
        }
        if (events == 0) {
            return null;
        }
        if (records.isEmpty() && behind == 0) {
            ShardRecords end = probeEnd(now);
            if (end != null) {
                return end;
            }
        }
        if (current != null) {
            current.request(events);
        }
        return new ShardRecords(records, continuation == null ? "" : continuation, behind, List.of());
    }

    /**
     * Whether a subscription that only brings empty events at the tip is on a shard that was read to its end.
     * Kinesis says so with a last event that names the child shards; a subscription that never does (as local
     * emulators) would keep the children waiting for ever. So at most every
     * {@code kinesis.parent.shard.check.interval.ms}, one GetRecords call after the continuation asks: no record and
     * no next iterator is the end, and its response names the children.
     */
    private ShardRecords probeEnd(long now) {
        if (continuation == null || now < nextEndProbe) {
            return null;
        }
        nextEndProbe = now + settings.endProbeIntervalMillis();
        try {
            String iterator = kinesis.getShardIterator(shard.stream(), shard.shardId(),
                    IteratorPosition.afterSequence(continuation));
            ShardRecords probe = kinesis.getRecords(shard.stream(), iterator, 1);
            if (!probe.shardEnded() || !probe.records().isEmpty()) {
                return null;
            }
            log.info("Shard {} of stream '{}' is closed and read to its end, though its subscription did not say so",
                    shard.shardId(), shard.stream());
            return end(List.of(), 0, probe.childShards());
        } catch (RuntimeException e) {
            log.debug("Could not check whether shard {} of stream '{}' ended: {}", shard.shardId(), shard.stream(),
                    e.getMessage());
            return null;
        }
    }

    private void take(SubscribeToShardEvent event, List<Record> records) {
        for (Record record : event.records()) {
            BigInteger sequence = new BigInteger(record.sequenceNumber());
            if (lastSequence != null && sequence.compareTo(lastSequence) <= 0) {
                log.debug("Shard {} of stream '{}': dropping record {} delivered again", shard.shardId(),
                        shard.stream(), sequence);
                continue;
            }
            lastSequence = sequence;
            records.add(record);
        }
        if (event.continuationSequenceNumber() != null) {
            continuation = event.continuationSequenceNumber();
        }
        log.trace("Shard {} of stream '{}': event with {} records, continuation {}, {} ms behind", shard.shardId(),
                shard.stream(), event.records().size(), event.continuationSequenceNumber(),
                event.millisBehindLatest());
    }

    private ShardRecords end(List<Record> records, long behind, List<ChildShard> children) {
        current.cancel();
        current = null;
        return new ShardRecords(records, null, behind, children);
    }

    /** A subscription's terminal signal; returns the shard's end when the shard turned out to be gone. */
    private ShardRecords ended(Object signal, long now) {
        if (signal instanceof Failure failure) {
            return handleFailure(failure.error(), now);
        }
        log.debug("Subscription to shard {} of stream '{}' ended; subscribing again from continuation {}",
                shard.shardId(), shard.stream(), continuation);
        notBefore = Math.max(now, lastSubscribe + MIN_RESUBSCRIBE_INTERVAL_MS);
        return null;
    }

    private void subscribe(long now, Supplier<ResumePoint> restart) {
        RuntimeException lookupFailure = consumers.failure(shard.stream());
        if (lookupFailure != null) {
            throw lookupFailure;
        }
        String consumerArn = consumers.consumerArn(shard.stream());
        if (consumerArn == null) {
            notBefore = now + CONSUMER_LOOKUP_WAIT_MS;
            return;
        }
        IteratorPosition start;
        if (continuation != null) {
            start = IteratorPosition.afterSequence(continuation);
        } else {
            ResumePoint resume = restart.get();
            start = resume.position();
            lastSequence = null;
        }
        current = new ShardSubscriber(settings.bufferedEventsPerShard(), onArrival);
        subscribedArn = consumerArn;
        lastSubscribe = now;
        renewAt = now + settings.subscriptionRenewalMillis();
        metrics.recordSubscription();
        log.debug("Subscribing to shard {} of stream '{}' at {} as {}", shard.shardId(), shard.stream(), start,
                consumerArn);
        fanOut.subscribeToShard(consumerArn, shard.shardId(), start, current);
    }

    private ShardRecords handleFailure(Throwable failure, long now) {
        ClassifiedError error = settings.classifier().classify(failure, resource);
        switch (error.category()) {
            case THROTTLED, RESOURCE_BUSY -> {
                busyInARow++;
                metrics.recordThrottle();
                long delay = Math.max(MIN_RESUBSCRIBE_INTERVAL_MS,
                        settings.throttleBackoff().delayBeforeRetry(busyInARow).toMillis());
                notBefore = now + delay;
                log.debug("{}; subscribing again in {} ms ({} in a row)", error.message(), delay, busyInARow);
                return null;
            }
            case RESOURCE_NOT_FOUND -> {
                if (ShardReader.isGone(kinesis, shard.stream(), shard.shardId())) {
                    return ShardReader.goneShard(shard);
                }
                log.warn("{}; looking the stream consumer up again", error.message());
                consumers.lookUpAgain(shard.stream(), subscribedArn);
                notBefore = now;
                return null;
            }
            default -> {
                failedAttempts++;
                RetryDecision decision = settings.retryPolicy().decide(error, failedAttempts);
                if (!decision.retry()) {
                    throw new AwsCallFailedException(decision.message(), error, failedAttempts);
                }
                notBefore = now + Math.max(MIN_RESUBSCRIBE_INTERVAL_MS, decision.delay().toMillis());
                log.warn("{}; attempt {} of {}, subscribing again in {} ms", error.message(), failedAttempts,
                        settings.retryPolicy().maxAttempts(), notBefore - now);
                return null;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (current != null) {
            current.cancel();
            current = null;
        }
    }

    private record Failure(Throwable error) {
    }

    private static final Object COMPLETED = new Object();

    /**
     * One subscription's receiving end: signals queue up in order, events only as many as were requested. Written by
     * the client's threads, read by the task thread.
     */
    private static final class ShardSubscriber implements Subscriber<SubscribeToShardEvent> {

        final Queue<Object> signals = new ConcurrentLinkedQueue<>();
        private final int initialDemand;
        private final Runnable onArrival;
        private volatile Subscription subscription;
        private volatile boolean cancelled;

        ShardSubscriber(int initialDemand, Runnable onArrival) {
            this.initialDemand = initialDemand;
            this.onArrival = onArrival;
        }

        boolean hasSignal() {
            return !signals.isEmpty();
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(initialDemand);
            }
        }

        @Override
        public void onNext(SubscribeToShardEvent event) {
            if (!cancelled) {
                signals.add(event);
                onArrival.run();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!cancelled) {
                signals.add(new Failure(error));
                onArrival.run();
            }
        }

        @Override
        public void onComplete() {
            if (!cancelled) {
                signals.add(COMPLETED);
                onArrival.run();
            }
        }

        void request(int events) {
            Subscription s = subscription;
            if (s != null && !cancelled) {
                s.request(events);
            }
        }

        void cancel() {
            cancelled = true;
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
