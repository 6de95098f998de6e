package io.kkbridge.connect.kinesis.source;

import java.util.function.Supplier;

/**
 * Where a {@link ShardReader}'s Kinesis records come from: GetRecords calls ({@link PollingShardFetcher}) or the
 * events of SubscribeToShard ({@link FanOutShardFetcher}). The reader does everything after that, the same for
 * both: positions and offsets, de-aggregation, dead letters, conversion, shard end.
 *
 * <p>Called by the task thread only, and never blocking beyond one AWS call.
 */
interface ShardFetcher extends AutoCloseable {

    /** Whether {@link #fetch} has something to do at {@code now}. */
    boolean isDue(long now);

    /** When the fetcher next has something to do, unless records arrive sooner; for the task's idle wait. */
    long notBefore();

    /**
     * Records that follow the reader's position, or null when none came.
     *
     * @param restart gives the reader's resume point whenever the fetcher starts reading the shard anew (a new
     *                iterator or subscription); the reader then expects the records from there
     * @throws io.kkbridge.connect.aws.AwsCallFailedException for a fatal error, or when retries gave up
     */
    ShardRecords fetch(long now, Supplier<ResumePoint> restart);

    /** Releases what the fetcher holds open (a subscription); it fetches nothing afterwards. */
    @Override
    void close();
}
