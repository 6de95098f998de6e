package io.kkbridge.connect.kinesis.source;

/** The JMX view of one shard's reading; see {@link ShardMetrics}. */
public interface ShardMetricsMBean {

    /** Kafka records emitted (user records after de-aggregation, dead letters included). */
    long getRecordsEmitted();

    /** Data bytes read by GetRecords or received in SubscribeToShard events. */
    long getBytesRead();

    /** From the last GetRecords response: how far the shard's tip is ahead of what was read. */
    long getMillisBehindLatest();

    /** Calls on the shard that Kinesis throttled (ProvisionedThroughputExceeded). */
    long getThrottles();

    long getGetRecordsCalls();

    /** SubscribeToShard calls (enhanced fan-out): the first subscription, renewals and retries. */
    long getSubscriptions();

    /** Shard iterators renewed after they expired. */
    long getIteratorRenewals();

    /** Corrupt KPL aggregates sent to the dead-letter topic. */
    long getDeadLetteredRecords();

    /** WAITING_FOR_PARENTS, READING or ENDED. */
    String getState();
}
