package io.kkbridge.connect.kinesis.source;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's {@link ConsumerLookup}: starts with the ARNs the connector found (in the task config), and looks a
 * consumer up again on {@code executor}, off the task thread, when a subscription finds it gone.
 */
final class TaskConsumerLookup implements ConsumerLookup {

    private static final Logger log = LoggerFactory.getLogger(TaskConsumerLookup.class);

    private final StreamConsumers consumers;
    private final Executor executor;
    private final Map<String, String> arns;
    private final Map<String, RuntimeException> failures = new HashMap<>();

    /** @param arns the consumer's ARN by stream; a stream without one is looked up on first use */
    TaskConsumerLookup(StreamConsumers consumers, Map<String, String> arns, Executor executor) {
        this.consumers = consumers;
        this.arns = new HashMap<>(arns);
        this.executor = executor;
    }

    @Override
    public String consumerName() {
        return consumers.consumerName();
    }

    @Override
    public synchronized String consumerArn(String stream) {
        if (!arns.containsKey(stream) && !failures.containsKey(stream)) {
            start(stream);
        }
        return arns.get(stream);
    }

    @Override
    public synchronized RuntimeException failure(String stream) {
        return failures.get(stream);
    }

    @Override
    public synchronized void lookUpAgain(String stream, String staleArn) {
        if (arns.get(stream) != null && arns.get(stream).equals(staleArn)) {
            start(stream);
        }
    }

    /** Marks the stream as being looked up (null ARN), then looks it up in the background. */
    private void start(String stream) {
        arns.put(stream, null);
        executor.execute(() -> {
            try {
                String arn = consumers.ensureActive(stream);
                synchronized (this) {
                    arns.put(stream, arn);
                }
            } catch (RuntimeException e) {
                log.error("Looking up stream consumer '{}' of stream '{}' failed: {}", consumerName(), stream,
                        e.getMessage());
                synchronized (this) {
                    failures.put(stream, e);
                }
            }
        });
    }
}
