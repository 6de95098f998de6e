package io.kkbridge.connect.kinesis.source;

import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation.GET_RECORDS;
import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation.GET_SHARD_ITERATOR;
import static io.kkbridge.connect.kinesis.source.KinesisSourceTaskReadingTest.headers;
import static io.kkbridge.connect.kinesis.source.TaskDriver.shard;
import static io.kkbridge.connect.kinesis.source.TaskDriver.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kkbridge.connect.aws.AwsCallFailedException;
import io.kkbridge.connect.aws.ErrorCategory;
import io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Call;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KinesisSourceTaskErrorsTest {

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
    void shouldRenewAnExpiredIteratorFromTheLastEmittedRecord() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        String r0 = kinesis.put("orders", shard0, "k", "r0");
        driver.start(props(List.of(shard("orders", shard0))));
        assertThat(values(driver.poll())).containsExactly("r0");
        kinesis.put("orders", shard0, "k", "r1");
        kinesis.expireIterators();

        List<SourceRecord> records = driver.pollUntil(all -> !all.isEmpty(), 20);

        assertThat(values(records)).containsExactly("r1");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, shard0)).extracting(Call::detail)
                .containsExactly("TRIM_HORIZON", "AFTER_SEQUENCE_NUMBER " + r0);
        assertThat(kinesis.calls(GET_RECORDS, shard0)).extracting(Call::detail).containsExactly("1", "expired", "1");
    }

    @Test
    void shouldRenewAnExpiredIteratorInsideAnAggregateWithoutRepeatingItsSubRecords() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        String aggregate = kinesis.put("orders", shard0, "k", Aggregates.of("u", 3));
        kinesis.put("orders", shard0, "k", "after");
        offsets.put("orders", shard0, Map.of("sequence", aggregate, "sub", 0L));
        driver.start(props(List.of(shard("orders", shard0))));
        kinesis.expireIterators(); // none handed out yet: expire the first one right after it is issued
        kinesis.failNext(GET_RECORDS, shard0, software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException
                .builder().statusCode(400).message("Iterator expired").build());

        List<SourceRecord> records = driver.pollUntil(all -> all.size() == 3, 20);

        assertThat(values(records)).containsExactly("u1", "u2", "after");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, shard0)).extracting(Call::detail)
                .containsExactly("AT_SEQUENCE_NUMBER " + aggregate, "AT_SEQUENCE_NUMBER " + aggregate);
    }

    @Test
    void shouldNotCallAThrottledShardBeforeItsBackoffEndsWhilePollReturnsPromptly() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "k", "r0");
        Map<String, String> props = props(List.of(shard("orders", shard0)));
        props.put(KinesisSourceConfig.THROTTLE_BACKOFF_MS_CONFIG, "1000");
        props.put("aws.retry.backoff.max.ms", "2000");
        driver.start(props);
        kinesis.failNext(GET_RECORDS, shard0, FakeKinesisProxy.throttled());
        kinesis.failNext(GET_RECORDS, shard0, FakeKinesisProxy.throttled());
        ShardReader reader = driver.task.reader("orders/" + shard0);

        long firstThrottle = clock.millis();
        assertThat(driver.task.poll()).isNull();
        long firstResume = reader.notBefore();
        int callsAfterThrottle = kinesis.calls(GET_RECORDS, shard0).size();
        int idlePolls = 0;
        while (clock.millis() < firstResume) {
            assertThat(driver.task.poll()).isNull();
            assertThat(kinesis.calls(GET_RECORDS, shard0)).hasSize(callsAfterThrottle);
            idlePolls++;
        }
        long secondThrottle = clock.millis();
        assertThat(driver.task.poll()).isNull(); // the second throttle, exactly when the first backoff ended
        long secondResume = reader.notBefore();
        List<SourceRecord> records = driver.pollUntil(all -> !all.isEmpty(), 50);

        // the first backoff is at most the base, the second at most twice that; never under the 200 ms spacing
        assertThat(firstResume - firstThrottle).isBetween(200L, 1_000L);
        assertThat(secondResume - secondThrottle).isBetween(200L, 2_000L);
        // the throttled poll itself waited up to 100 ms; each further poll waited up to 100 ms more
        assertThat(idlePolls).isEqualTo((int) Math.ceil((firstResume - firstThrottle) / 100.0) - 1);
        assertThat(driver.idleWaits).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(100L));
        assertThat(kinesis.calls(GET_RECORDS, shard0)).extracting(Call::atMillis)
                .containsExactly(firstThrottle, secondThrottle, secondResume);
        assertThat(values(records)).containsExactly("r0");
    }

    @Test
    void shouldKeepReadingThroughMoreThrottlesInARowThanTheRetryAttempts() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "k", "r0");
        Map<String, String> props = props(List.of(shard("orders", shard0)));
        props.put("aws.retry.max.attempts", "2");
        props.put(KinesisSourceConfig.THROTTLE_BACKOFF_MS_CONFIG, "10");
        props.put("aws.retry.backoff.base.ms", "10");
        props.put("aws.retry.backoff.max.ms", "10");
        for (int i = 0; i < 12; i++) {
            kinesis.failNext(GET_RECORDS, shard0, FakeKinesisProxy.throttled());
        }
        driver.start(props);

        List<SourceRecord> records = driver.pollUntil(all -> !all.isEmpty(), 100);

        assertThat(values(records)).containsExactly("r0");
        assertThat(kinesis.calls(GET_RECORDS, shard0)).hasSize(13);
    }

    @Test
    void shouldRetryServerErrorsAndFailOnceTheRetryPolicyGivesUp() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "k", "r0");
        Map<String, String> props = props(List.of(shard("orders", shard0)));
        props.put("aws.retry.max.attempts", "3");
        props.put("aws.retry.backoff.base.ms", "10");
        props.put("aws.retry.backoff.max.ms", "10");
        kinesis.failNext(GET_RECORDS, shard0, FakeKinesisProxy.internalFailure());
        kinesis.failNext(GET_RECORDS, shard0, FakeKinesisProxy.internalFailure());
        driver.start(props);

        assertThat(values(driver.pollUntil(all -> !all.isEmpty(), 50))).containsExactly("r0");

        for (int i = 0; i < 3; i++) {
            kinesis.failNext(GET_RECORDS, shard0, FakeKinesisProxy.internalFailure());
        }
        assertThatThrownBy(() -> driver.poll(50))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("Gave up after 3 attempts: Kinesis stream 'orders' (shard " + shard0
                        + "): AWS server error (InternalFailure, HTTP 500)");
    }

    @Test
    void shouldFailNamingTheStreamAndTheSettingWhenTheStreamIsMissing() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        driver.start(props(List.of(shard("orders", shard0))));
        kinesis.deleteStream("orders");

        assertThatThrownBy(driver::poll)
                .isInstanceOfSatisfying(AwsCallFailedException.class,
                        e -> assertThat(e.error().category()).isEqualTo(ErrorCategory.RESOURCE_NOT_FOUND))
                .hasMessageContaining("Kinesis stream 'orders' (shard " + shard0 + ") was not found in region "
                        + "eu-west-1")
                .hasMessageEndingWith("Check kinesis.streams and aws.region");
    }

    @Test
    void shouldFailNamingTheCredentialSettingsWhenAccessIsDenied() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        driver.start(props(List.of(shard("orders", shard0))));
        kinesis.failNext(GET_SHARD_ITERATOR, shard0, FakeKinesisProxy.accessDenied());

        assertThatThrownBy(driver::poll)
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageContaining("Kinesis stream 'orders' (shard " + shard0 + "): AWS refused the credentials")
                .hasMessageContaining("aws.access.key.id");
    }

    @Test
    void shouldTreatAnAssignedShardThatExpiredAsEndedAndKeepReadingTheOthers() {
        List<String> shards = kinesis.createStream("orders", 2);
        kinesis.put("orders", shards.get(1), "k", "still here");
        kinesis.expireShard("orders", shards.get(0));
        driver.start(props(List.of(shard("orders", shards.get(0)), shard("orders", shards.get(1)))));

        List<SourceRecord> records = driver.pollUntil(all -> !all.isEmpty(), 10);

        assertThat(values(records)).containsExactly("still here");
        assertThat(driver.task.reader("orders/" + shards.get(0)).state()).isEqualTo(ShardReader.State.ENDED);
    }

    @Test
    void shouldSendACorruptAggregateToTheDeadLetterTopicWithTheReasonAndGoOn() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "k", "before");
        byte[] corrupt = Aggregates.withWrongDigest();
        String corruptSequence = kinesis.put("orders", shard0, "bad-key", corrupt);
        kinesis.put("orders", shard0, "k", "after");
        Map<String, String> props = props(List.of(shard("orders", shard0)));
        props.put(KinesisSourceConfig.DLQ_TOPIC_CONFIG, "orders.dlq");
        driver.start(props);

        List<SourceRecord> records = driver.poll();

        assertThat(records).extracting(SourceRecord::topic).containsExactly("orders", "orders.dlq", "orders");
        SourceRecord deadLetter = records.get(1);
        assertThat(deadLetter.key()).isEqualTo("bad-key");
        assertThat((byte[]) deadLetter.value()).isEqualTo(corrupt);
        assertThat(deadLetter.sourceOffset()).isEqualTo(Map.of("sequence", corruptSequence));
        assertThat(headers(deadLetter)).containsExactly(
                Map.entry("kinesis.stream", "orders"),
                Map.entry("kinesis.shard.id", shard0),
                Map.entry("kinesis.sequence.number", corruptSequence),
                Map.entry("kinesis.error.reason", "DIGEST_MISMATCH"),
                Map.entry("kinesis.error.message", "Corrupt KPL aggregated record (DIGEST_MISMATCH): the trailing "
                        + "MD5 does not match the 12-byte body"));
        assertThat(values(List.of(records.get(0), records.get(2)))).containsExactly("before", "after");
    }

    @Test
    void shouldFailNamingTheRecordAndReasonForACorruptAggregateWithoutDeadLetterTopic() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        String corruptSequence = kinesis.put("orders", shard0, "bad-key", Aggregates.withWrongDigest());
        driver.start(props(List.of(shard("orders", shard0))));

        assertThatThrownBy(driver::poll)
                .isInstanceOf(ConnectException.class)
                .hasMessage("Kinesis stream 'orders', shard " + shard0 + ", sequence number " + corruptSequence
                        + ": Corrupt KPL aggregated record (DIGEST_MISMATCH): the trailing MD5 does not match the "
                        + "12-byte body. Set kinesis.dlq.topic to send such records to a dead-letter topic, or "
                        + "kinesis.deaggregate=false to pass records on without de-aggregating them");
    }

    private static Map<String, String> props(List<AssignedShard> shards) {
        return TaskDriver.taskProps(TaskDriver.baseProps("orders"), 0, shards, Set.of());
    }
}
