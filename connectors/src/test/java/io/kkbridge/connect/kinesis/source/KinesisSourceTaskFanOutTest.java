package io.kkbridge.connect.kinesis.source;

import static io.kkbridge.connect.kinesis.source.FakeFanOutProxy.endEvent;
import static io.kkbridge.connect.kinesis.source.FakeFanOutProxy.error;
import static io.kkbridge.connect.kinesis.source.FakeFanOutProxy.event;
import static io.kkbridge.connect.kinesis.source.TaskDriver.shard;
import static io.kkbridge.connect.kinesis.source.TaskDriver.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kkbridge.connect.aws.AwsCallFailedException;
import io.kkbridge.connect.kinesis.source.FakeFanOutProxy.Operation;
import io.kkbridge.connect.kinesis.source.FakeFanOutProxy.ScriptedSubscription;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The task with {@code kinesis.consumer.type=EFO} against a scripted publisher ({@link FakeFanOutProxy}): the same
 * records and offsets as polling, back-pressure, renewal, child-shard handover and errors.
 */
class KinesisSourceTaskFanOutTest {

    private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
    private static final String CONSUMER = TaskDriver.CONNECTOR;

    private final MutableClock clock = new MutableClock(START);
    private final FakeKinesisProxy kinesis = new FakeKinesisProxy(clock);
    private final FakeFanOutProxy fanOut = new FakeFanOutProxy();
    private final InMemoryOffsets offsets = new InMemoryOffsets();
    private final TaskDriver driver = new TaskDriver(kinesis, clock, offsets);
    private final String consumerArn = fanOut.addActiveConsumer("orders", CONSUMER);

    KinesisSourceTaskFanOutTest() {
        driver.fanOut = fanOut;
    }

    @AfterEach
    void stop() {
        if (driver.task != null) {
            driver.task.stop();
        }
    }

    private Map<String, String> props(List<AssignedShard> shards, Set<String> closedShardKeys) {
        Map<String, String> base = TaskDriver.baseProps("orders");
        base.put(KinesisSourceConfig.CONSUMER_TYPE_CONFIG, "EFO");
        base.put(KinesisSourceConfig.EFO_RENEWAL_MS_CONFIG, "5000");
        base.put(KinesisSourceConfig.EFO_BUFFERED_EVENTS_CONFIG, "2");
        Map<String, String> props = TaskDriver.taskProps(base, 0, shards, Set.of());
        props.putAll(new FanOutTaskConfig(Map.of("orders", consumerArn), closedShardKeys).toProps());
        return props;
    }

    private Map<String, String> props(AssignedShard... shards) {
        return props(List.of(shards), Set.of());
    }

    /** The records of {@code shardId} as the fake Kinesis holds them, for publishing as events. */
    private List<Record> stored(String shardId) {
        String iterator = kinesis.getShardIterator("orders", shardId, IteratorPosition.trimHorizon());
        return kinesis.getRecords("orders", iterator, 10_000).records();
    }

    /** Polls until {@code done}, in real time too: consumer look-ups run on the task's own thread. */
    private void pollUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            driver.poll();
            Thread.sleep(5);
        }
    }

    private static Record[] array(List<Record> records) {
        return records.toArray(Record[]::new);
    }

    private static String last(List<Record> records) {
        return records.get(records.size() - 1).sequenceNumber();
    }

    @Test
    void shouldEmitTheSameKeysValuesHeadersTimestampsAndOffsetsAsPolling() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "customer-1", "a");
        kinesis.put("orders", shard0, "aggregate-key", Aggregates.of("u", 2));
        kinesis.put("orders", shard0, "customer-2", "b");
        TaskDriver polling = new TaskDriver(kinesis, clock, new InMemoryOffsets());
        polling.start(TaskDriver.taskProps(TaskDriver.baseProps("orders"), 0, List.of(shard("orders", shard0)),
                Set.of()));
        List<SourceRecord> polled = polling.pollUntil(all -> all.size() == 4, 10);
        polling.task.stop();

        driver.start(props(shard("orders", shard0)));
        driver.poll();
        ScriptedSubscription subscription = fanOut.last(shard0);
        subscription.publish(event(last(stored(shard0)), array(stored(shard0))));
        List<SourceRecord> pushed = driver.poll();

        assertThat(subscription.start).isEqualTo(IteratorPosition.trimHorizon());
        assertThat(subscription.consumerArn).isEqualTo(consumerArn);
        assertThat(fanOut.calls(Operation.DESCRIBE)).as("the ARN came with the task config").isZero();
        assertThat(pushed).hasSize(4);
        for (int i = 0; i < 4; i++) {
            SourceRecord expected = polled.get(i);
            SourceRecord actual = pushed.get(i);
            assertThat(actual.topic()).isEqualTo(expected.topic());
            assertThat(actual.key()).isEqualTo(expected.key());
            assertThat((byte[]) actual.value()).isEqualTo((byte[]) expected.value());
            assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
            assertThat(actual.headers()).isEqualTo(expected.headers());
            assertThat(actual.sourcePartition()).isEqualTo(expected.sourcePartition());
            assertThat(actual.sourceOffset()).isEqualTo(expected.sourceOffset());
        }
        assertThat(values(pushed)).containsExactly("a", "u0", "u1", "b");
    }

    @Test
    void shouldResumeFromPollingsOffsetInsideAnAggregateSkippingWhatWasEmitted() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        String aggregate = kinesis.put("orders", shard0, "aggregate-key", Aggregates.of("u", 3));
        kinesis.put("orders", shard0, "customer-2", "b");
        offsets.put("orders", shard0, Map.of("sequence", aggregate, "sub", 1L));

        driver.start(props(shard("orders", shard0)));
        driver.poll();
        ScriptedSubscription subscription = fanOut.last(shard0);
        subscription.publish(event(last(stored(shard0)), array(stored(shard0))));
        List<SourceRecord> records = driver.poll();

        assertThat(subscription.start).isEqualTo(IteratorPosition.atSequence(aggregate));
        assertThat(values(records)).containsExactly("u2", "b");
        assertThat(records.get(0).sourceOffset()).isEqualTo(Map.of("sequence", aggregate, "sub", 2L));
    }

    @Test
    void shouldRequestOnlyAsManyEventsAsItBuffersAndMoreOnlyAsThePollsTakeThem() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        for (int i = 0; i < 5; i++) {
            kinesis.put("orders", shard0, "key-" + i, "v" + i);
        }
        List<Record> records = stored(shard0);
        driver.start(props(shard("orders", shard0)));
        driver.poll();
        ScriptedSubscription subscription = fanOut.last(shard0);

        for (Record record : records) {
            subscription.publish(event(record.sequenceNumber(), record));
        }
        assertThat(subscription.requestedTotal()).as("kinesis.efo.buffered.events.per.shard").isEqualTo(2);
        assertThat(subscription.delivered()).isEqualTo(2);
        assertThat(subscription.backlog()).as("a task that is not polled takes nothing more").isEqualTo(3);

        assertThat(values(driver.poll())).containsExactly("v0", "v1");
        assertThat(subscription.requestedTotal()).isEqualTo(4);
        assertThat(subscription.delivered()).isEqualTo(4);
        assertThat(values(driver.poll())).containsExactly("v2", "v3");
        assertThat(values(driver.poll())).containsExactly("v4");
        assertThat(subscription.backlog()).isZero();
        assertThat(subscription.requestedTotal() - subscription.delivered()).isEqualTo(2);
    }

    @Test
    void shouldRenewTheSubscriptionFromTheContinuationAndDropRecordsDeliveredAgain() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "key-0", "v0");
        kinesis.put("orders", shard0, "key-1", "v1");
        List<Record> records = stored(shard0);
        driver.start(props(shard("orders", shard0)));
        driver.poll();
        ScriptedSubscription first = fanOut.last(shard0);
        first.publish(event(records.get(0).sequenceNumber(), records.get(0)));
        assertThat(values(driver.poll())).containsExactly("v0");

        clock.advance(5_000);
        driver.poll();

        ScriptedSubscription second = fanOut.last(shard0);
        assertThat(first.cancelled()).isTrue();
        assertThat(second).isNotSameAs(first);
        assertThat(second.start).isEqualTo(IteratorPosition.afterSequence(records.get(0).sequenceNumber()));
        second.publish(event(records.get(1).sequenceNumber(), records.get(0), records.get(1)));
        List<SourceRecord> afterRenewal = driver.poll();
        assertThat(values(afterRenewal)).as("v0 again is dropped").containsExactly("v1");
        assertThat(afterRenewal.get(0).sourceOffset()).isEqualTo(Map.of("sequence", records.get(1).sequenceNumber()));
        assertThat(driver.task.reader("orders/" + shard0).position())
                .isEqualTo(ShardOffset.after(records.get(1).sequenceNumber()));
    }

    @Test
    void shouldSubscribeAgainFromTheContinuationWhenKinesisEndsTheSubscription() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "key-0", "v0");
        Record record = stored(shard0).get(0);
        driver.start(props(shard("orders", shard0)));
        driver.poll();
        fanOut.last(shard0).publish(event("continuation-1", record));
        driver.poll();

        fanOut.last(shard0).complete();
        driver.poll(15);

        assertThat(fanOut.subscriptions(shard0)).hasSize(2);
        assertThat(fanOut.last(shard0).start).isEqualTo(new IteratorPosition(ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                "continuation-1", null));
    }

    @Test
    void shouldHandTheAnnouncedChildrenOverAfterTheParentsLastRecords() {
        String parent = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", parent, "key-0", "p0");
        kinesis.put("orders", parent, "key-1", "p1");
        List<Record> parentRecords = stored(parent);
        List<String> children = kinesis.split("orders", parent);
        kinesis.put("orders", children.get(0), "key-0", "a0");
        kinesis.put("orders", children.get(1), "key-1", "b0");
        driver.start(props(shard("orders", parent)));
        driver.poll();

        fanOut.last(parent).publish(endEvent(FakeKinesisProxy.childShards(parent, children), array(parentRecords)));
        List<SourceRecord> parentPoll = driver.poll();
        assertThat(values(parentPoll)).containsExactly("p0", "p1");
        assertThat(parentPoll.get(1).sourceOffset()).isEqualTo(Map.of("sequence", last(parentRecords), "end", true));
        assertThat(fanOut.last(parent).cancelled()).isTrue();
        assertThat(fanOut.subscriptions()).extracting(subscription -> subscription.shardId).containsExactly(parent);

        driver.poll();
        for (String child : children) {
            assertThat(fanOut.last(child).start).as(child).isEqualTo(IteratorPosition.trimHorizon());
            assertThat(driver.task.reader("orders/" + child).shard().parentShardIds()).containsExactly(parent);
        }
        fanOut.last(children.get(0)).publish(event(last(stored(children.get(0))), array(stored(children.get(0)))));
        fanOut.last(children.get(1)).publish(event(last(stored(children.get(1))), array(stored(children.get(1)))));
        assertThat(values(driver.poll())).containsExactlyInAnyOrder("a0", "b0");
        assertThat(driver.task.reader("orders/" + parent).state()).isEqualTo(ShardReader.State.ENDED);
    }

    @Test
    void shouldFindTheEndOfAClosedShardWhoseSubscriptionOnlyBringsEmptyEvents() {
        String parent = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", parent, "key-0", "p0");
        List<Record> parentRecords = stored(parent);
        driver.start(props(shard("orders", parent)));
        driver.poll();
        fanOut.last(parent).publish(event(last(parentRecords), array(parentRecords)));
        assertThat(values(driver.poll())).containsExactly("p0");
        fanOut.last(parent).publish(event(last(parentRecords)));
        driver.poll();
        int probes = kinesis.calls(FakeKinesisProxy.Operation.GET_RECORDS, parent).size();
        List<String> children = kinesis.split("orders", parent);

        fanOut.last(parent).publish(event(last(parentRecords)));
        driver.poll();
        assertThat(kinesis.calls(FakeKinesisProxy.Operation.GET_RECORDS, parent))
                .as("at most one probe per kinesis.parent.shard.check.interval.ms").hasSize(probes);
        clock.advance(5_000);
        fanOut.last(parent).publish(event(last(parentRecords)));
        driver.poll();

        assertThat(kinesis.calls(FakeKinesisProxy.Operation.GET_RECORDS, parent)).hasSize(probes + 1);
        assertThat(driver.task.reader("orders/" + parent).state()).isEqualTo(ShardReader.State.ENDED);
        assertThat(fanOut.last(parent).cancelled()).isTrue();
        driver.poll();
        assertThat(fanOut.subscriptions(children.get(0))).hasSize(1);
        assertThat(fanOut.subscriptions(children.get(1))).hasSize(1);
    }

    @Test
    void shouldStartAMergedChildOnlyAfterBothParentsEnded() {
        List<String> parents = kinesis.createStream("orders", 2);
        kinesis.put("orders", parents.get(0), "key-0", "p0");
        kinesis.put("orders", parents.get(1), "key-1", "q0");
        List<Record> first = stored(parents.get(0));
        List<Record> second = stored(parents.get(1));
        String child = kinesis.merge("orders", parents.get(0), parents.get(1));
        List<ChildShard> announced = List.of(ChildShard.builder().shardId(child).parentShards(parents).build());
        driver.start(props(shard("orders", parents.get(0)), shard("orders", parents.get(1))));
        driver.poll();

        fanOut.last(parents.get(0)).publish(endEvent(announced, array(first)));
        assertThat(values(driver.poll())).containsExactly("p0");
        driver.poll(3);
        assertThat(driver.task.reader("orders/" + child).state()).isEqualTo(ShardReader.State.WAITING_FOR_PARENTS);
        assertThat(fanOut.subscriptions(child)).isEmpty();

        fanOut.last(parents.get(1)).publish(endEvent(announced, array(second)));
        assertThat(values(driver.poll())).containsExactly("q0");
        driver.poll();
        assertThat(fanOut.subscriptions(child)).hasSize(1);
    }

    @Test
    void shouldLeaveAnnouncedChildrenToShardDiscoveryWhenTheyMayBelongToAnotherTask() {
        List<String> parents = kinesis.createStream("orders", 3);
        String child = kinesis.merge("orders", parents.get(0), parents.get(1));
        List<ChildShard> merged = List.of(ChildShard.builder().shardId(child).parentShards(parents.get(0),
                parents.get(1)).build());
        List<String> splitChildren = kinesis.split("orders", parents.get(2));
        // parent 1 is another task's; parent 2 was already closed when the connector listed the shards
        driver.start(props(List.of(shard("orders", parents.get(0)), shard("orders", parents.get(2))),
                Set.of("orders/" + parents.get(2))));
        driver.poll();

        fanOut.last(parents.get(0)).publish(endEvent(merged));
        fanOut.last(parents.get(2)).publish(endEvent(FakeKinesisProxy.childShards(parents.get(2), splitChildren)));
        driver.poll(3);

        assertThat(driver.task.reader("orders/" + parents.get(0)).state()).isEqualTo(ShardReader.State.ENDED);
        assertThat(driver.task.reader("orders/" + parents.get(2)).state()).isEqualTo(ShardReader.State.ENDED);
        assertThat(driver.task.reader("orders/" + child)).isNull();
        assertThat(driver.task.reader("orders/" + splitChildren.get(0))).isNull();
        assertThat(fanOut.subscriptions()).extracting(subscription -> subscription.shardId)
                .containsOnly(parents.get(0), parents.get(2));
    }

    @Test
    void shouldRetryResourceInUseAndThrottlingWithGrowingWaitsAndNeverFail() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "key-0", "v0");
        for (int i = 0; i < 6; i++) {
            fanOut.failNext(Operation.SUBSCRIBE, i % 2 == 0
                    ? error("ResourceInUseException", 400, "Another active subscription exists on this consumer")
                    : error("LimitExceededException", 400, "Rate exceeded for consumer"));
        }
        driver.start(props(shard("orders", shard0)));

        List<Long> subscribedAt = new ArrayList<>();
        for (int poll = 0; poll < 2_000 && fanOut.subscriptions(shard0).size() < 7; poll++) {
            int before = fanOut.subscriptions(shard0).size();
            driver.poll();
            if (fanOut.subscriptions(shard0).size() > before) {
                subscribedAt.add(clock.millis());
            }
        }
        fanOut.last(shard0).publish(event(last(stored(shard0)), array(stored(shard0))));

        assertThat(values(driver.poll())).containsExactly("v0");
        assertThat(subscribedAt).hasSize(7);
        for (int i = 1; i < subscribedAt.size(); i++) {
            assertThat(subscribedAt.get(i) - subscribedAt.get(i - 1)).as("wait before attempt %d", i + 1)
                    .isGreaterThanOrEqualTo(FanOutShardFetcher.MIN_RESUBSCRIBE_INTERVAL_MS);
        }
        assertThat(subscribedAt.get(6) - subscribedAt.get(5)).as("the backoff grew")
                .isGreaterThan(subscribedAt.get(1) - subscribedAt.get(0));
    }

    @Test
    void shouldResubscribeAfterAConnectionResetAndFailOnceRetriesRunOut() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "key-0", "v0");
        Map<String, String> props = props(shard("orders", shard0));
        props.put("aws.retry.max.attempts", "3");
        driver.start(props);
        driver.poll();
        fanOut.last(shard0).publish(event(last(stored(shard0)), array(stored(shard0))));
        assertThat(values(driver.poll())).containsExactly("v0");

        fanOut.last(shard0).fail(new IOException("Connection reset by peer"));
        driver.poll(30);
        assertThat(fanOut.subscriptions(shard0)).hasSize(2);
        assertThat(fanOut.last(shard0).start).isEqualTo(IteratorPosition.afterSequence(last(stored(shard0))));
        fanOut.last(shard0).fail(SdkClientException.builder().message("Read timed out")
                .cause(new java.net.SocketTimeoutException("Read timed out")).build());
        driver.poll(30);
        fanOut.last(shard0).fail(new IOException("Connection reset by peer"));

        assertThatThrownBy(() -> driver.poll(30)).isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("Gave up after 3 attempts: Kinesis stream 'orders' (shard " + shard0
                        + ", stream consumer '" + CONSUMER + "'): no answer from AWS (IOException: Connection reset");
    }

    @Test
    void shouldRegisterTheConsumerAgainWhenItIsGoneAndSubscribeWithTheNewArn() throws InterruptedException {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "key-0", "v0");
        fanOut.creatingDescribes = 0;
        driver.start(props(shard("orders", shard0)));
        driver.poll();
        fanOut.removeConsumer("orders", CONSUMER);

        fanOut.last(shard0).fail(error("ResourceNotFoundException", 400, "Consumer not found"));
        pollUntil(() -> fanOut.subscriptions(shard0).size() == 2);

        assertThat(fanOut.calls(Operation.REGISTER)).isEqualTo(1);
        ScriptedSubscription renewed = fanOut.last(shard0);
        assertThat(renewed.consumerArn).isNotEqualTo(consumerArn).startsWith(FakeFanOutProxy.arnOf("orders")
                + "/consumer/" + CONSUMER + ":");
        renewed.publish(event(last(stored(shard0)), array(stored(shard0))));
        assertThat(values(driver.poll())).containsExactly("v0");
    }

    @Test
    void shouldFailNamingConsumerAndSettingWhenAnExistingConsumerIsGoneAndMayNotBeRegistered()
            throws InterruptedException {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        Map<String, String> props = props(shard("orders", shard0));
        props.put(KinesisSourceConfig.EFO_CONSUMER_REGISTER_CONFIG, "false");
        driver.start(props);
        driver.poll();
        fanOut.removeConsumer("orders", CONSUMER);
        fanOut.last(shard0).fail(error("ResourceNotFoundException", 400, "Consumer not found"));

        RuntimeException[] failure = new RuntimeException[1];
        pollUntil(() -> {
            try {
                driver.poll();
                return false;
            } catch (RuntimeException e) {
                failure[0] = e;
                return true;
            }
        });

        assertThat(failure[0]).hasMessage("Stream consumer '" + CONSUMER + "' of Kinesis stream 'orders' does not "
                + "exist, and kinesis.efo.consumer.register=false lets the connector use only an existing one. "
                + "Register it, set kinesis.efo.consumer.name to an existing consumer, or set "
                + "kinesis.efo.consumer.register=true");
        assertThat(fanOut.calls(Operation.REGISTER)).isZero();
    }

    @Test
    void shouldEndAShardThatExpiredInsteadOfLookingForTheConsumer() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        driver.start(props(shard("orders", shard0)));
        driver.poll();
        kinesis.expireShard("orders", shard0);

        fanOut.last(shard0).fail(error("ResourceNotFoundException", 400, "Shard not found"));
        driver.poll();

        assertThat(driver.task.reader("orders/" + shard0).state()).isEqualTo(ShardReader.State.ENDED);
        assertThat(fanOut.calls(Operation.DESCRIBE)).isZero();
    }

    @Test
    void shouldFailAtOnceWithAClearMessageWhenAccessIsDenied() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        fanOut.failNext(Operation.SUBSCRIBE, error("AccessDeniedException", 400,
                "User is not authorized to perform: kinesis:SubscribeToShard"));
        driver.start(props(shard("orders", shard0)));

        assertThatThrownBy(() -> driver.poll(2)).isInstanceOf(AwsCallFailedException.class)
                .hasMessageContaining("Kinesis stream 'orders' (shard " + shard0 + ", stream consumer '" + CONSUMER
                        + "'): AWS refused the credentials or denied the action (AccessDeniedException, HTTP 400)")
                .hasMessageContaining("kinesis:SubscribeToShard");
    }

    @Test
    void shouldCancelItsSubscriptionsAndCloseTheClientsOnStop() throws InterruptedException {
        List<String> shards = kinesis.createStream("orders", 2);
        driver.start(props(shard("orders", shards.get(0)), shard("orders", shards.get(1))));
        driver.poll();

        driver.task.stop();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fanOut.closeCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // closed on a thread of its own
        }

        assertThat(fanOut.subscriptions()).hasSize(2).allSatisfy(subscription ->
                assertThat(subscription.cancelled()).isTrue());
        assertThat(fanOut.closeCount()).isEqualTo(1);
        assertThat(kinesis.closeCount()).isEqualTo(1);
        assertThat(driver.task.poll()).isNull();
    }

    @Test
    void shouldLookTheConsumerUpWhenTheTaskConfigHasNoArn() throws InterruptedException {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        Map<String, String> props = props(shard("orders", shard0));
        props.remove(FanOutTaskConfig.CONSUMER_ARNS_KEY);
        driver.start(props);

        pollUntil(() -> !fanOut.subscriptions(shard0).isEmpty());

        assertThat(fanOut.last(shard0).consumerArn).isEqualTo(consumerArn);
        assertThat(fanOut.calls(Operation.DESCRIBE)).isEqualTo(1);
        assertThat(fanOut.calls(Operation.REGISTER)).isZero();
    }
}
