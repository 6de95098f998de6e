package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsCallFailedException;
import io.kkbridge.connect.aws.AwsErrorClassifier;
import io.kkbridge.connect.aws.AwsResource;
import io.kkbridge.connect.aws.ClassifiedError;
import io.kkbridge.connect.aws.ErrorCategory;
import io.kkbridge.connect.aws.RetryDecision;
import io.kkbridge.connect.aws.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the connector's enhanced fan-out consumer on a stream, registers it when it is missing (if the connector
 * registers its consumers), waits until it is ACTIVE, and deregisters it. Blocking: for the connector's start and
 * stop, and for a task's background look-up.
 *
 * <p>These calls have low limits (RegisterStreamConsumer 5 per second, DescribeStreamConsumer 20 per second, per
 * account): the wait polls DescribeStreamConsumer every {@value #DESCRIBE_INTERVAL_MS} ms, and throttling
 * (LimitExceeded) is retried with a growing backoff rather than failing, up to {@link #ACTIVE_TIMEOUT}.
 */
public final class StreamConsumers {

    static final long DESCRIBE_INTERVAL_MS = 1_000;
    static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(StreamConsumers.class);

    /** Waits between calls; a seam so tests need not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final KinesisFanOutProxy proxy;
    private final String consumerName;
    private final boolean register;
    private final RetryPolicy retryPolicy;
    private final AwsErrorClassifier classifier;
    private final Clock clock;
    private final Sleeper sleeper;

    StreamConsumers(KinesisFanOutProxy proxy, String consumerName, boolean register, RetryPolicy retryPolicy,
                    AwsErrorClassifier classifier, Clock clock, Sleeper sleeper) {
        this.proxy = proxy;
        this.consumerName = consumerName;
        this.register = register;
        this.retryPolicy = retryPolicy;
        this.classifier = classifier;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static StreamConsumers from(KinesisSourceConfig config, String connectorName, KinesisFanOutProxy proxy) {
        return new StreamConsumers(proxy, config.consumerName(connectorName), config.registerConsumer(),
                RetryPolicy.from(config.awsSettings()), new AwsErrorClassifier(config.awsSettings()), Clock.systemUTC(),
                Thread::sleep);
    }

    String consumerName() {
        return consumerName;
    }

    /**
     * @return the ARN of the stream's consumer, once it is ACTIVE
     * @throws ConnectException naming the consumer, stream and setting, when it is missing and may not be
     *                          registered, does not become ACTIVE in time, or an AWS call fails for good
     */
    public String ensureActive(String stream) {
        AwsResource streamResource = AwsResource.kinesisStream(stream, KinesisSourceConfig.STREAMS_CONFIG);
        String streamArn = call(streamResource, () -> proxy.streamArn(stream));
        AwsResource consumerResource = resource(stream);
        long deadline = clock.millis() + ACTIVE_TIMEOUT.toMillis();
        while (true) {
            StreamConsumer consumer = describe(consumerResource, streamArn);
            if (consumer == null) {
                consumer = registerMissing(consumerResource, streamArn, stream);
            }
            if (consumer != null && consumer.active()) {
                log.info("Stream consumer '{}' of stream '{}' is ACTIVE: {}", consumerName, stream,
                        consumer.consumerArn());
                return consumer.consumerArn();
            }
            if (clock.millis() >= deadline) {
                throw new ConnectException("Stream consumer '" + consumerName + "' of Kinesis stream '" + stream
                        + "' is not ACTIVE after " + ACTIVE_TIMEOUT.toSeconds() + " s (status "
                        + (consumer == null ? "unknown" : consumer.status()) + "). Check it with "
                        + "DescribeStreamConsumer, or set " + KinesisSourceConfig.EFO_CONSUMER_NAME_CONFIG
                        + " to another consumer");
            }
            pause(DESCRIBE_INTERVAL_MS);
        }
    }

    private StreamConsumer registerMissing(AwsResource resource, String streamArn, String stream) {
        if (!register) {
            throw new ConnectException("Stream consumer '" + consumerName + "' of Kinesis stream '" + stream
                    + "' does not exist, and " + KinesisSourceConfig.EFO_CONSUMER_REGISTER_CONFIG + "=false lets "
                    + "the connector use only an existing one. Register it, set "
                    + KinesisSourceConfig.EFO_CONSUMER_NAME_CONFIG + " to an existing consumer, or set "
                    + KinesisSourceConfig.EFO_CONSUMER_REGISTER_CONFIG + "=true");
        }
        try {
            StreamConsumer registered = call(resource, () -> proxy.registerStreamConsumer(streamArn, consumerName));
            log.info("Registered stream consumer '{}' of stream '{}' ({}); waiting until it is ACTIVE",
                    consumerName, stream, registered.status());
            return registered;
        } catch (AwsCallFailedException e) {
            if (e.error().category() == ErrorCategory.RESOURCE_BUSY) {
                // another task or connector is registering it, or it is being deleted: describe it again
                log.info("Stream consumer '{}' of stream '{}' is being registered or deleted elsewhere: {}",
                        consumerName, stream, e.getMessage());
                return null;
            }
            throw e;
        }
    }

    /** The consumer, or null when there is none. */
    private StreamConsumer describe(AwsResource resource, String streamArn) {
        try {
            return call(resource, () -> proxy.describeStreamConsumer(streamArn, consumerName));
        } catch (AwsCallFailedException e) {
            if (e.error().category() == ErrorCategory.RESOURCE_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** Deregisters the stream's consumer; failures are logged, since the connector is stopping anyway. */
    public void deregister(String stream, String consumerArn) {
        try {
            call(resource(stream), () -> {
                proxy.deregisterStreamConsumer(consumerArn);
                return null;
            });
            log.info("Deregistered stream consumer '{}' of stream '{}' ({})", consumerName, stream, consumerArn);
        } catch (RuntimeException e) {
            log.warn("Could not deregister stream consumer '{}' of stream '{}': {}", consumerName, stream,
                    e.getMessage());
        }
    }

    private AwsResource resource(String stream) {
        return new AwsResource("Stream consumer '" + consumerName + "' of Kinesis stream '" + stream + "'",
                KinesisSourceConfig.EFO_CONSUMER_NAME_CONFIG);
    }

    /**
     * Runs a control-plane call until it succeeds or the policy gives up; throttling, which these calls' low limits
     * make likely with many tasks or connectors, is never fatal.
     */
    private <T> T call(AwsResource resource, Supplier<T> awsCall) {
        int throttles = 0;
        int failures = 0;
        while (true) {
            try {
                return awsCall.get();
            } catch (RuntimeException e) {
                ClassifiedError error = classifier.classify(e, resource);
                if (error.category() == ErrorCategory.RESOURCE_BUSY
                        || error.category() == ErrorCategory.RESOURCE_NOT_FOUND) { // for the caller to judge
                    throw new AwsCallFailedException(error.message(), error, failures + 1);
                }
                boolean throttled = error.category() == ErrorCategory.THROTTLED;
                RetryDecision decision = retryPolicy.decideForDataCall(error, throttled ? ++throttles : throttles,
                        throttled ? failures : ++failures);
                if (!decision.retry()) {
                    throw new AwsCallFailedException(decision.message(), error, failures);
                }
                log.debug("{}; retrying in {} ms", error.message(), decision.delay().toMillis());
                pause(decision.delay().toMillis());
            }
        }
    }

    private void pause(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for stream consumer '" + consumerName + "'", e);
        }
    }
}
