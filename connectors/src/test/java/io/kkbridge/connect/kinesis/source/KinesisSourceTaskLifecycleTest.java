package io.kkbridge.connect.kinesis.source;

import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation.GET_RECORDS;
import static io.kkbridge.connect.kinesis.source.TaskDriver.shard;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KinesisSourceTaskLifecycleTest {

    private static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T00:00:00Z"));
    private final FakeKinesisProxy kinesis = new FakeKinesisProxy(clock);
    private final InMemoryOffsets offsets = new InMemoryOffsets();
    private final TaskDriver driver = new TaskDriver(kinesis, clock, offsets);

    @AfterEach
    void stop() {
        if (driver.task != null) {
            driver.task.stop();
        }
    }

    @Test
    void shouldPublishPerShardMetricsOverJmxAndUnregisterThemOnStop() throws Exception {
        List<String> shards = kinesis.createStream("orders", 2);
        kinesis.put("orders", shards.get(0), "k", "12345");
        kinesis.put("orders", shards.get(0), "k", "67890");
        kinesis.put("orders", shards.get(0), "k", Aggregates.withWrongDigest());
        Map<String, String> base = TaskDriver.baseProps("orders");
        base.put(KinesisSourceConfig.RECORDS_PER_REQUEST_CONFIG, "1");
        base.put(KinesisSourceConfig.DLQ_TOPIC_CONFIG, "orders.dlq");
        driver.start(TaskDriver.taskProps(base, 3, List.of(shard("orders", shards.get(0)),
                shard("orders", shards.get(1))), Set.of()));
        ObjectName shard0 = new ObjectName("io.kkbridge.connect:type=kinesis-source-shard,connector=test-connector,"
                + "task=3,stream=orders,shard=" + shards.get(0));

        driver.poll();
        long behindAfterFirstRead = (Long) MBEANS.getAttribute(shard0, "MillisBehindLatest");
        kinesis.failNext(GET_RECORDS, shards.get(0), FakeKinesisProxy.throttled());
        driver.pollUntil(all -> all.size() == 2, 50);
        kinesis.expireIterators();
        driver.poll(20);

        assertThat(MBEANS.queryNames(new ObjectName(
                "io.kkbridge.connect:type=kinesis-source-shard,connector=test-connector,task=3,*"), null))
                .containsExactlyInAnyOrder(shard0, new ObjectName("io.kkbridge.connect:type=kinesis-source-shard,"
                        + "connector=test-connector,task=3,stream=orders,shard=" + shards.get(1)));
        assertThat(behindAfterFirstRead).isEqualTo(1_000L);
        assertThat(MBEANS.getAttribute(shard0, "MillisBehindLatest")).isEqualTo(0L);
        assertThat(MBEANS.getAttribute(shard0, "RecordsEmitted")).isEqualTo(3L);
        assertThat(MBEANS.getAttribute(shard0, "BytesRead")).isEqualTo(10L + Aggregates.withWrongDigest().length);
        assertThat(MBEANS.getAttribute(shard0, "Throttles")).isEqualTo(1L);
        assertThat(MBEANS.getAttribute(shard0, "IteratorRenewals")).isEqualTo(1L);
        assertThat(MBEANS.getAttribute(shard0, "DeadLetteredRecords")).isEqualTo(1L);
        assertThat(MBEANS.getAttribute(shard0, "GetRecordsCalls"))
                .isEqualTo((long) kinesis.calls(GET_RECORDS, shards.get(0)).size());
        assertThat(MBEANS.getAttribute(shard0, "State")).isEqualTo("READING");

        driver.task.stop();

        assertThat(MBEANS.queryNames(new ObjectName(
                "io.kkbridge.connect:type=kinesis-source-shard,connector=test-connector,*"), null)).isEmpty();
    }

    @Test
    void shouldQuoteAConnectorNameThatObjectNamesCannotHoldAsIs() throws Exception {
        assertThat(ShardMetricsRegistry.objectName("orders,eu=1", 0, "orders", "shardId-000000000000").toString())
                .isEqualTo("io.kkbridge.connect:type=kinesis-source-shard,connector=\"orders,eu=1\",task=0,"
                        + "stream=orders,shard=shardId-000000000000");
    }

    @Test
    void shouldWakeAWaitingPollAndReleaseTheClientPromptlyOnStop() throws Exception {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        Map<String, String> props = TaskDriver.taskProps(TaskDriver.baseProps("orders"), 0,
                List.of(shard("orders", shard0)), Set.of());
        props.put(KinesisSourceConfig.EMPTY_SHARD_BACKOFF_MS_CONFIG, "600000");
        KinesisSourceTask task = new KinesisSourceTask(config -> kinesis, Clock.systemUTC(), null);
        task.initialize(context(props, offsets));
        task.start(props);
        AtomicBoolean stopRequested = new AtomicBoolean();
        // a thread of its own, like Connect's task thread: a pooled one may carry another test's interrupt, and an
        // interrupted thread cannot wait
        CompletableFuture<Integer> poller = new CompletableFuture<>();
        Thread pollThread = new Thread(() -> {
            int polls = 0;
            while (!stopRequested.get()) {
                task.poll();
                polls++;
            }
            poller.complete(polls);
        }, "test-poll-thread");
        pollThread.start();
        Thread.sleep(300);

        long stopStarted = System.nanoTime();
        task.stop();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStarted);
        stopRequested.set(true);
        int polls = poller.get(1, TimeUnit.SECONDS);

        assertThat(stopMillis).isLessThan(100);
        // idle polls wait up to 100 ms each rather than spinning: a few per 300 ms, not thousands
        assertThat(polls).isBetween(1, 10);
        assertThat(kinesis.calls(GET_RECORDS, shard0)).hasSize(1);
        assertThat(kinesis.closeCount()).isEqualTo(1);
        assertThat(task.poll()).isNull();
    }

    @Test
    void shouldCloseTheClientOnlyAfterAnInFlightCallReturns() throws Exception {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "k", "in flight");
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        KinesisProxy blocking = new BlockingProxy(kinesis, inCall, release);
        Map<String, String> props = TaskDriver.taskProps(TaskDriver.baseProps("orders"), 0,
                List.of(shard("orders", shard0)), Set.of());
        KinesisSourceTask task = new KinesisSourceTask(config -> blocking, clock, millis -> { });
        task.initialize(context(props, offsets));
        task.start(props);
        CompletableFuture<List<SourceRecord>> poll = CompletableFuture.supplyAsync(task::poll);
        assertThat(inCall.await(5, TimeUnit.SECONDS)).isTrue();

        task.stop();
        int closedWhileInFlight = kinesis.closeCount();
        release.countDown();
        List<SourceRecord> records = poll.get(5, TimeUnit.SECONDS);

        assertThat(closedWhileInFlight).isZero();
        assertThat(records).hasSize(1);
        assertThat(kinesis.closeCount()).isEqualTo(1);
    }

    @Test
    void shouldReturnNullInsteadOfFailingWhenACallIsAbortedByTheStop() throws Exception {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        KinesisProxy aborting = new BlockingProxy(kinesis, inCall, release) {
            @Override
            public ShardRecords getRecords(String stream, String shardIterator, int limit) {
                super.getRecords(stream, shardIterator, limit);
                throw software.amazon.awssdk.core.exception.AbortedException.builder().message("Thread interrupted")
                        .build();
            }
        };
        Map<String, String> props = TaskDriver.taskProps(TaskDriver.baseProps("orders"), 0,
                List.of(shard("orders", shard0)), Set.of());
        KinesisSourceTask task = new KinesisSourceTask(config -> aborting, clock, millis -> { });
        task.initialize(context(props, offsets));
        task.start(props);
        CompletableFuture<List<SourceRecord>> poll = CompletableFuture.supplyAsync(task::poll);
        assertThat(inCall.await(5, TimeUnit.SECONDS)).isTrue();

        task.stop();
        release.countDown();

        assertThat(poll.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(kinesis.closeCount()).isEqualTo(1);
    }

    private static SourceTaskContext context(Map<String, String> props, OffsetStorageReader offsets) {
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return offsets;
            }
        };
    }

    /** Holds GetRecords until released, like a slow network call. */
    private static class BlockingProxy implements KinesisProxy {
        private final KinesisProxy delegate;
        private final CountDownLatch inCall;
        private final CountDownLatch release;

        BlockingProxy(KinesisProxy delegate, CountDownLatch inCall, CountDownLatch release) {
            this.delegate = delegate;
            this.inCall = inCall;
            this.release = release;
        }

        @Override
        public List<ShardDescription> listShards(String stream) {
            return delegate.listShards(stream);
        }

        @Override
        public String getShardIterator(String stream, String shardId, IteratorPosition position) {
            return delegate.getShardIterator(stream, shardId, position);
        }

        @Override
        public ShardRecords getRecords(String stream, String shardIterator, int limit) {
            inCall.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.getRecords(stream, shardIterator, limit);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
