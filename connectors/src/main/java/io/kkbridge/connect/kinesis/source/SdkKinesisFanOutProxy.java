package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsClientFactory;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * {@link KinesisFanOutProxy} on the asynchronous SDK client (Netty, HTTP/2 over https; see
 * {@link AwsClientFactory#kinesisAsyncClient}). No retries here. The control-plane calls wait for their answer;
 * SubscribeToShard returns at once and signals its subscriber from the client's threads.
 */
public final class SdkKinesisFanOutProxy implements KinesisFanOutProxy {

    private final KinesisAsyncClient client;
    private final AutoCloseable owner;

    /** @param owner closed with this proxy: the factory that built {@code client}, or the client itself */
    SdkKinesisFanOutProxy(KinesisAsyncClient client, AutoCloseable owner) {
        this.client = client;
        this.owner = owner;
    }

    public static SdkKinesisFanOutProxy create(KinesisSourceConfig config) {
        AwsClientFactory factory = new AwsClientFactory(config.awsSettings());
        try {
            return new SdkKinesisFanOutProxy(factory.kinesisAsyncClient(config.fanOutEndpointOverride(),
                    config.fanOutTrustAllCertificates()), factory);
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
    }

    @Override
    public String streamArn(String stream) {
        return join(client.describeStreamSummary(request -> request.streamName(stream)))
                .streamDescriptionSummary().streamARN();
    }

    @Override
    public StreamConsumer describeStreamConsumer(String streamArn, String consumerName) {
        return consumer(join(client.describeStreamConsumer(request -> request.streamARN(streamArn)
                .consumerName(consumerName))).consumerDescription());
    }

    @Override
    public StreamConsumer registerStreamConsumer(String streamArn, String consumerName) {
        var registered = join(client.registerStreamConsumer(request -> request.streamARN(streamArn)
                .consumerName(consumerName))).consumer();
        return new StreamConsumer(registered.consumerARN(), registered.consumerName(), registered.consumerStatus());
    }

    @Override
    public void deregisterStreamConsumer(String consumerArn) {
        join(client.deregisterStreamConsumer(request -> request.consumerARN(consumerArn)));
    }

    private static StreamConsumer consumer(ConsumerDescription description) {
        return new StreamConsumer(description.consumerARN(), description.consumerName(),
                description.consumerStatus());
    }

    /** Waits for the answer, rethrowing the SDK's exception itself rather than a CompletionException around it. */
    private static <T> T join(java.util.concurrent.CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void subscribeToShard(String consumerArn, String shardId, IteratorPosition start,
                                 Subscriber<? super SubscribeToShardEvent> subscriber) {
        EventSubscriber events = new EventSubscriber(subscriber);
        SubscribeToShardRequest request = SubscribeToShardRequest.builder()
                .consumerARN(consumerArn)
                .shardId(shardId)
                .startingPosition(StartingPosition.builder().type(start.type())
                        .sequenceNumber(start.sequenceNumber()).timestamp(start.timestamp()).build())
                .build();
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                .subscriber(() -> events)
                .onError(events::fail)
                .build();
        try {
            client.subscribeToShard(request, handler).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    events.fail(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                } else {
                    events.onComplete();
                }
            });
        } catch (RuntimeException e) {
            events.fail(e);
        }
    }

    /**
     * Passes SubscribeToShardEvents on and keeps the reactive-streams promise of one terminal signal, which the SDK
     * may give twice (to the subscriber and through the call's future). Other event types are skipped, their demand
     * replaced.
     */
    private static final class EventSubscriber implements Subscriber<SubscribeToShardEventStream> {

        private final Subscriber<? super SubscribeToShardEvent> downstream;
        private final AtomicBoolean terminated = new AtomicBoolean();
        private volatile Subscription subscription;

        EventSubscriber(Subscriber<? super SubscribeToShardEvent> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            downstream.onSubscribe(s);
        }

        @Override
        public void onNext(SubscribeToShardEventStream event) {
            if (event instanceof SubscribeToShardEvent shardEvent) {
                downstream.onNext(shardEvent);
            } else if (subscription != null) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            fail(t);
        }

        void fail(Throwable t) {
            if (terminated.compareAndSet(false, true)) {
                downstream.onError(t);
            }
        }

        @Override
        public void onComplete() {
            if (terminated.compareAndSet(false, true)) {
                downstream.onComplete();
            }
        }
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("Failed to close the asynchronous Kinesis client", e);
        }
    }
}
