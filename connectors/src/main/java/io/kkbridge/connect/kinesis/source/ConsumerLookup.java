package io.kkbridge.connect.kinesis.source;

/**
 * The ARNs of the connector's enhanced fan-out consumer on each stream, for a task's subscriptions; looked up again
 * in the background when a subscription finds the consumer gone, so that no poll() waits for it.
 */
interface ConsumerLookup {

    String consumerName();

    /** The consumer's ARN on {@code stream}; null while it is being looked up. */
    String consumerArn(String stream);

    /** Why looking the consumer up failed for good, naming consumer and setting; null when it did not. */
    RuntimeException failure(String stream);

    /**
     * Looks the consumer up again, registering it when the connector registers its consumers, unless that is under
     * way or already replaced {@code staleArn}.
     */
    void lookUpAgain(String stream, String staleArn);
}
