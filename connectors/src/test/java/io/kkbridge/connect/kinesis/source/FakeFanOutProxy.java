package io.kkbridge.connect.kinesis.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/**
 * A scripted enhanced fan-out behind {@link KinesisFanOutProxy}: consumers that become ACTIVE after a number of
 * DescribeStreamConsumer calls, failures injected per operation, and subscriptions whose events the test publishes.
 * Each subscription is a reactive-streams publisher with a backlog: it delivers published events only as far as the
 * subscriber requested them, on the test's thread. A test double.
 */
public final class FakeFanOutProxy implements KinesisFanOutProxy {

    public enum Operation { STREAM_ARN, DESCRIBE, REGISTER, DEREGISTER, SUBSCRIBE }

    /** One SubscribeToShard call and its publisher. */
    static final class ScriptedSubscription implements Subscription {
        final String consumerArn;
        final String shardId;
        final IteratorPosition start;
        private final Subscriber<? super SubscribeToShardEvent> subscriber;
        private final Deque<SubscribeToShardEvent> backlog = new ArrayDeque<>();
        private long demand;
        private long requestedTotal;
        private int delivered;
        private boolean cancelled;
        private boolean terminated;

        ScriptedSubscription(String consumerArn, String shardId, IteratorPosition start,
                             Subscriber<? super SubscribeToShardEvent> subscriber) {
            this.consumerArn = consumerArn;
            this.shardId = shardId;
            this.start = start;
            this.subscriber = subscriber;
        }

        /** Queues events; they reach the subscriber as its demand allows. */
        synchronized ScriptedSubscription publish(SubscribeToShardEvent... events) {
            backlog.addAll(List.of(events));
            deliver();
            return this;
        }

        synchronized void complete() {
            terminated = true;
            subscriber.onComplete();
        }

        synchronized void fail(Throwable error) {
            terminated = true;
            subscriber.onError(error);
        }

        @Override
        public synchronized void request(long n) {
            if (n <= 0) {
                throw new AssertionError("request(" + n + ") breaks reactive streams rule 3.9");
            }
            demand += n;
            requestedTotal += n;
            deliver();
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }

        private void deliver() {
            while (demand > 0 && !backlog.isEmpty() && !cancelled && !terminated) {
                demand--;
                delivered++;
                subscriber.onNext(backlog.poll());
            }
        }

        synchronized int backlog() {
            return backlog.size();
        }

        synchronized int delivered() {
            return delivered;
        }

        synchronized long requestedTotal() {
            return requestedTotal;
        }

        synchronized boolean cancelled() {
            return cancelled;
        }
    }

    private final Map<String, String> streamArns = new HashMap<>();
    /** Consumer by stream ARN and name. */
    private final Map<String, StreamConsumer> consumers = new HashMap<>();
    private final Map<String, Integer> describesUntilActive = new HashMap<>();
    private final Map<Operation, Deque<RuntimeException>> failures = new HashMap<>();
    private final Map<Operation, Integer> calls = new HashMap<>();
    private final List<ScriptedSubscription> subscriptions = new ArrayList<>();
    private final List<String> deregistered = new ArrayList<>();
    /** Describe calls a newly registered consumer stays CREATING for. */
    public int creatingDescribes = 2;
    private int registrations;
    private int closeCount;

    public static String arnOf(String stream) {
        return "arn:aws:kinesis:eu-west-1:123456789012:stream/" + stream;
    }

    // ---- scripting ----

    public synchronized String addActiveConsumer(String stream, String name) {
        String arn = arnOf(stream) + "/consumer/" + name + ":1700000000";
        consumers.put(arnOf(stream) + "|" + name, new StreamConsumer(arn, name, ConsumerStatus.ACTIVE));
        return arn;
    }

    synchronized void removeConsumer(String stream, String name) {
        consumers.remove(arnOf(stream) + "|" + name);
    }

    public synchronized void failNext(Operation operation, RuntimeException failure) {
        failures.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(failure);
    }

    public synchronized int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }

    synchronized List<ScriptedSubscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    synchronized List<ScriptedSubscription> subscriptions(String shardId) {
        return subscriptions.stream().filter(subscription -> subscription.shardId.equals(shardId)).toList();
    }

    /** The shard's latest subscription. */
    synchronized ScriptedSubscription last(String shardId) {
        List<ScriptedSubscription> ofShard = subscriptions(shardId);
        if (ofShard.isEmpty()) {
            throw new AssertionError("no subscription to " + shardId + " yet");
        }
        return ofShard.get(ofShard.size() - 1);
    }

    public synchronized List<String> deregistered() {
        return List.copyOf(deregistered);
    }

    public synchronized int closeCount() {
        return closeCount;
    }

    static SubscribeToShardEvent event(String continuation, Record... records) {
        return SubscribeToShardEvent.builder().records(records).continuationSequenceNumber(continuation)
                .millisBehindLatest(0L).build();
    }

    /** A shard's last event: its records, no continuation, the children that replace it. */
    static SubscribeToShardEvent endEvent(List<ChildShard> children, Record... records) {
        return SubscribeToShardEvent.builder().records(records).continuationSequenceNumber(null)
                .millisBehindLatest(0L).childShards(children).build();
    }

    static KinesisException error(String code, int status, String message) {
        KinesisException.Builder builder = code.equals("ResourceNotFoundException")
                ? ResourceNotFoundException.builder() : KinesisException.builder();
        return (KinesisException) builder.statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode(code).errorMessage(message).serviceName("Kinesis").build()).message(message).build();
    }

    // ---- KinesisFanOutProxy ----

    private void count(Operation operation) {
        calls.merge(operation, 1, Integer::sum);
        Deque<RuntimeException> scripted = failures.get(operation);
        if (scripted != null && !scripted.isEmpty()) {
            throw scripted.poll();
        }
    }

    @Override
    public synchronized String streamArn(String stream) {
        count(Operation.STREAM_ARN);
        return streamArns.computeIfAbsent(stream, FakeFanOutProxy::arnOf);
    }

    @Override
    public synchronized StreamConsumer describeStreamConsumer(String streamArn, String consumerName) {
        count(Operation.DESCRIBE);
        String key = streamArn + "|" + consumerName;
        StreamConsumer consumer = consumers.get(key);
        if (consumer == null) {
            throw error("ResourceNotFoundException", 400, "Consumer " + consumerName + " not found");
        }
        int left = describesUntilActive.getOrDefault(key, 0);
        if (left > 0) {
            describesUntilActive.put(key, left - 1);
            return new StreamConsumer(consumer.consumerArn(), consumerName, ConsumerStatus.CREATING);
        }
        return consumer;
    }

    @Override
    public synchronized StreamConsumer registerStreamConsumer(String streamArn, String consumerName) {
        count(Operation.REGISTER);
        String key = streamArn + "|" + consumerName;
        String arn = streamArn + "/consumer/" + consumerName + ":" + (1700000100 + ++registrations);
        consumers.put(key, new StreamConsumer(arn, consumerName, ConsumerStatus.ACTIVE));
        describesUntilActive.put(key, creatingDescribes);
        return new StreamConsumer(arn, consumerName, ConsumerStatus.CREATING);
    }

    @Override
    public synchronized void deregisterStreamConsumer(String consumerArn) {
        count(Operation.DEREGISTER);
        deregistered.add(consumerArn);
        consumers.values().removeIf(consumer -> consumer.consumerArn().equals(consumerArn));
    }

    @Override
    public void subscribeToShard(String consumerArn, String shardId, IteratorPosition start,
                                 Subscriber<? super SubscribeToShardEvent> subscriber) {
        ScriptedSubscription subscription = new ScriptedSubscription(consumerArn, shardId, start, subscriber);
        RuntimeException failure;
        synchronized (this) {
            subscriptions.add(subscription);
            try {
                count(Operation.SUBSCRIBE);
                failure = null;
            } catch (RuntimeException e) {
                failure = e;
            }
            if (failure == null && consumers.values().stream()
                    .noneMatch(consumer -> consumer.consumerArn().equals(consumerArn))) {
                failure = error("ResourceNotFoundException", 400, "Consumer " + consumerArn + " not found");
            }
        }
        if (failure != null) {
            subscription.fail(failure); // as the SDK does: onError without onSubscribe
        } else {
            subscriber.onSubscribe(subscription);
        }
    }

    @Override
    public synchronized void close() {
        closeCount++;
    }
}
