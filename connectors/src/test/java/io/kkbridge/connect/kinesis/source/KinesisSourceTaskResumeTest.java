package io.kkbridge.connect.kinesis.source;

import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation.GET_RECORDS;
import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation.GET_SHARD_ITERATOR;
import static io.kkbridge.connect.kinesis.source.KinesisSourceTaskReadingTest.headers;
import static io.kkbridge.connect.kinesis.source.TaskDriver.shard;
import static io.kkbridge.connect.kinesis.source.TaskDriver.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Call;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KinesisSourceTaskResumeTest {

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
    void shouldResumeAfterTheStoredSequenceNumberInsteadOfTheStartPosition() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "k", "r0");
        String r1 = kinesis.put("orders", shard0, "k", "r1");
        kinesis.put("orders", shard0, "k", "r2");
        offsets.put("orders", shard0, Map.of("sequence", r1));
        driver.start(props(List.of(shard("orders", shard0))));

        assertThat(values(driver.poll())).containsExactly("r2");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, shard0)).extracting(Call::detail)
                .containsExactly("AFTER_SEQUENCE_NUMBER " + r1);
    }

    @Test
    void shouldEmitEachUserRecordOfAnAggregateWithItsSubSequenceNumberInHeaderAndOffset() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        String aggregate = kinesis.put("orders", shard0, "aggregate-key", Aggregates.of("u", 3));
        driver.start(props(List.of(shard("orders", shard0))));

        List<SourceRecord> records = driver.poll();

        assertThat(values(records)).containsExactly("u0", "u1", "u2");
        assertThat(records).extracting(SourceRecord::key).containsExactly("pk0", "pk1", "pk2");
        assertThat(records).extracting(SourceRecord::sourceOffset).containsExactly(
                Map.of("sequence", aggregate, "sub", 0L),
                Map.of("sequence", aggregate, "sub", 1L),
                Map.of("sequence", aggregate, "sub", 2L));
        assertThat(headers(records.get(2))).containsExactly(
                Map.entry("kinesis.stream", "orders"),
                Map.entry("kinesis.shard.id", shard0),
                Map.entry("kinesis.sequence.number", aggregate),
                Map.entry("kinesis.sub.sequence.number", 2L));
    }

    @Test
    void shouldResumeInsideAnAggregateAtItsSequenceNumberSkippingTheEmittedSubRecords() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        String aggregate = kinesis.put("orders", shard0, "aggregate-key", Aggregates.of("u", 4));
        String plain = kinesis.put("orders", shard0, "k", "plain");
        // as the worker's JSON offset store may hand it back: an Integer
        offsets.put("orders", shard0, Map.of("sequence", aggregate, "sub", 1));
        driver.start(props(List.of(shard("orders", shard0))));

        List<SourceRecord> records = driver.poll();

        assertThat(values(records)).containsExactly("u2", "u3", "plain");
        assertThat(records).extracting(SourceRecord::sourceOffset).containsExactly(
                Map.of("sequence", aggregate, "sub", 2L),
                Map.of("sequence", aggregate, "sub", 3L),
                Map.of("sequence", plain));
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, shard0)).extracting(Call::detail)
                .containsExactly("AT_SEQUENCE_NUMBER " + aggregate);
    }

    @Test
    void shouldPassAggregatesOnUnchangedWhenDeaggregationIsOff() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        byte[] aggregate = Aggregates.of("u", 3);
        String sequence = kinesis.put("orders", shard0, "aggregate-key", aggregate);
        Map<String, String> props = props(List.of(shard("orders", shard0)));
        props.put(KinesisSourceConfig.DEAGGREGATE_CONFIG, "false");
        driver.start(props);

        List<SourceRecord> records = driver.poll();

        assertThat(records).hasSize(1);
        assertThat((byte[]) records.get(0).value()).isEqualTo(aggregate);
        assertThat(records.get(0).key()).isEqualTo("aggregate-key");
        assertThat(records.get(0).sourceOffset()).isEqualTo(Map.of("sequence", sequence));
        assertThat(headers(records.get(0))).doesNotContainKey("kinesis.sub.sequence.number");
    }

    @Test
    void shouldResumeAfterTheWholeAggregateWhenDeaggregationWasTurnedOff() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        String aggregate = kinesis.put("orders", shard0, "aggregate-key", Aggregates.of("u", 4));
        kinesis.put("orders", shard0, "k", "plain");
        offsets.put("orders", shard0, Map.of("sequence", aggregate, "sub", 1L));
        Map<String, String> props = props(List.of(shard("orders", shard0)));
        props.put(KinesisSourceConfig.DEAGGREGATE_CONFIG, "false");
        driver.start(props);

        assertThat(values(driver.poll())).containsExactly("plain");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, shard0)).extracting(Call::detail)
                .containsExactly("AFTER_SEQUENCE_NUMBER " + aggregate);
    }

    @Test
    void shouldMarkTheLastRecordOfAClosedShardAndNotTouchTheShardAgainAfterARestart() {
        String parent = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", parent, "k", "p0");
        String last = kinesis.put("orders", parent, "k", "p1");
        String child = kinesis.split("orders", parent).get(0);
        List<AssignedShard> shards = List.of(shard("orders", parent), shard("orders", child, parent));
        driver.start(props(shards));
        List<SourceRecord> first = driver.poll();
        driver.task.stop();
        kinesis.put("orders", child, "k", "c0");
        int parentCallsBeforeRestart = kinesis.calls(GET_SHARD_ITERATOR, parent).size();

        driver.start(props(shards));
        List<SourceRecord> afterRestart = driver.pollUntil(all -> !all.isEmpty(), 20);

        assertThat(first).extracting(SourceRecord::sourceOffset).last()
                .isEqualTo(Map.of("sequence", last, "end", true));
        assertThat(offsets.get("orders", parent)).isEqualTo(Map.of("sequence", last, "end", true));
        assertThat(values(afterRestart)).containsExactly("c0");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parent)).hasSize(parentCallsBeforeRestart);
        assertThat(driver.task.reader("orders/" + parent).state()).isEqualTo(ShardReader.State.ENDED);
    }

    @Test
    void shouldLeaveTheOffsetUnmarkedWhenTheEndComesWithoutRecordsAndEmitNothingTwiceAfterARestart() {
        kinesis.reportEndSeparately();
        String parent = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", parent, "k", "p0");
        String last = kinesis.put("orders", parent, "k", "p1");
        kinesis.split("orders", parent);
        driver.start(props(List.of(shard("orders", parent))));
        List<SourceRecord> first = driver.poll(20);
        driver.task.stop();

        driver.start(props(List.of(shard("orders", parent))));
        List<SourceRecord> afterRestart = driver.poll(20);

        assertThat(values(first)).containsExactly("p0", "p1");
        assertThat(offsets.get("orders", parent)).isEqualTo(Map.of("sequence", last));
        assertThat(afterRestart).isEmpty();
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parent)).extracting(Call::detail)
                .containsExactly("TRIM_HORIZON", "AFTER_SEQUENCE_NUMBER " + last);
        assertThat(driver.task.reader("orders/" + parent).state()).isEqualTo(ShardReader.State.ENDED);
    }

    @Test
    void shouldEmitEveryRecordExactlyOnceAcrossRestartsWhenOnlyPartOfAPollWasCommitted() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            kinesis.put("orders", shard0, "k", Aggregates.of("a" + i + "-", 3));
            kinesis.put("orders", shard0, "k", "plain" + i);
            for (int sub = 0; sub < 3; sub++) {
                expected.add("a" + i + "-" + sub);
            }
            expected.add("plain" + i);
        }
        Map<String, String> props = props(List.of(shard("orders", shard0)));
        props.put(KinesisSourceConfig.RECORDS_PER_REQUEST_CONFIG, "1");
        driver.commitPolledRecords = false;
        List<String> emitted = new ArrayList<>();
        for (int restart = 0; restart < 20 && emitted.size() < expected.size(); restart++) {
            driver.start(props);
            List<SourceRecord> polled = driver.pollUntil(all -> !all.isEmpty(), 20);
            // the worker got acknowledgements for the first two records only, then the task restarted
            List<SourceRecord> acknowledged = polled.subList(0, Math.min(2, polled.size()));
            offsets.commit(acknowledged);
            emitted.addAll(values(acknowledged));
            driver.task.stop();
        }

        assertThat(emitted).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldNotCallKinesisForAShardWhoseOffsetCarriesTheEndMarker() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        String last = kinesis.put("orders", shard0, "k", "r0");
        kinesis.split("orders", shard0);
        offsets.put("orders", shard0, Map.of("sequence", last, "end", true));
        driver.start(props(List.of(shard("orders", shard0))));

        assertThat(driver.poll(10)).isEmpty();
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, shard0)).isEmpty();
        assertThat(kinesis.calls(GET_RECORDS, shard0)).isEmpty();
    }

    private static Map<String, String> props(List<AssignedShard> shards) {
        return TaskDriver.taskProps(TaskDriver.baseProps("orders"), 0, shards, Set.of());
    }
}
