package io.kkbridge.connect.kinesis.source;

import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation.GET_RECORDS;
import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation.GET_SHARD_ITERATOR;
import static io.kkbridge.connect.kinesis.source.TaskDriver.shard;
import static io.kkbridge.connect.kinesis.source.TaskDriver.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Call;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KinesisSourceTaskReshardingTest {

    private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
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
    void shouldEmitAllParentRecordsBeforeAnyChildRecordAfterASplit() {
        String parent = kinesis.createStream("orders", 1).get(0);
        putAll(parent, "p", 4);
        String lastParentSequence = kinesis.put("orders", parent, "key-4", "p4");
        List<String> children = kinesis.split("orders", parent);
        putAll(children.get(0), "a", 3);
        putAll(children.get(1), "b", 3);
        // children listed first, so only the parent-before-child rule can order them
        driver.start(props(List.of(shard("orders", children.get(0), parent), shard("orders", children.get(1), parent),
                shard("orders", parent))));

        List<SourceRecord> records = driver.pollUntil(all -> all.size() == 11, 100);

        assertThat(values(records).subList(0, 5)).containsExactly("p0", "p1", "p2", "p3", "p4");
        assertThat(values(records).subList(5, 11)).containsExactlyInAnyOrder("a0", "a1", "a2", "b0", "b1", "b2");
        assertThat(values(records).stream().filter(v -> v.startsWith("a"))).containsExactly("a0", "a1", "a2");
        assertThat(values(records).stream().filter(v -> v.startsWith("b"))).containsExactly("b0", "b1", "b2");
        List<Call> calls = kinesis.calls();
        int parentEnd = calls.indexOf(kinesis.calls(GET_RECORDS, parent).get(0));
        assertThat(calls.indexOf(kinesis.calls(GET_SHARD_ITERATOR, children.get(0)).get(0))).isGreaterThan(parentEnd);
        assertThat(calls.subList(0, parentEnd)).extracting(Call::shardId).containsOnly(parent);
        assertThat(records.get(4).sourceOffset()).isEqualTo(Map.of("sequence", lastParentSequence, "end", true));
    }

    @Test
    void shouldKeepOrderWhenTheParentSplitsWhileTheTaskReadsIt() {
        String parent = kinesis.createStream("orders", 1).get(0);
        putAll(parent, "p", 2);
        driver.start(props(List.of(shard("orders", parent))));
        assertThat(values(driver.poll())).containsExactly("p0", "p1");
        kinesis.put("orders", parent, "k", "p2");
        List<String> children = kinesis.split("orders", parent);
        putAll(children.get(0), "a", 2);
        driver.task.stop();
        // the connector notices the split and hands out the children; the new task resumes from the offsets
        driver.start(props(List.of(shard("orders", parent), shard("orders", children.get(0), parent),
                shard("orders", children.get(1), parent))));

        List<SourceRecord> records = driver.pollUntil(all -> all.size() == 3, 100);

        assertThat(values(records)).containsExactly("p2", "a0", "a1");
    }

    @Test
    void shouldEmitBothParentsRecordsBeforeTheMergedChildsRecords() {
        List<String> parents = kinesis.createStream("orders", 2);
        putAll(parents.get(0), "x", 4);
        putAll(parents.get(1), "y", 2);
        String child = kinesis.merge("orders", parents.get(0), parents.get(1));
        putAll(child, "m", 3);
        Map<String, String> props = props(List.of(shard("orders", child, parents.get(0), parents.get(1)),
                shard("orders", parents.get(0)), shard("orders", parents.get(1))));
        props.put(KinesisSourceConfig.RECORDS_PER_REQUEST_CONFIG, "1");
        driver.start(props);

        List<SourceRecord> records = driver.pollUntil(all -> all.size() == 9, 200);

        assertThat(values(records).subList(0, 6)).containsExactlyInAnyOrder("x0", "x1", "x2", "x3", "y0", "y1");
        assertThat(values(records).subList(6, 9)).containsExactly("m0", "m1", "m2");
    }

    @Test
    void shouldStartAChildAtOnceWhenTheOtherTasksParentOffsetCarriesTheEndMarker() {
        String parent = kinesis.createStream("orders", 1).get(0);
        String last = kinesis.put("orders", parent, "k", "p0");
        String child = kinesis.split("orders", parent).get(0);
        putAll(child, "c", 2);
        offsets.put("orders", parent, Map.of("sequence", last, "end", true));
        driver.start(props(List.of(shard("orders", child, parent))));

        assertThat(values(driver.poll())).containsExactly("c0", "c1");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parent)).isEmpty();
    }

    @Test
    void shouldStartAChildWhenReadingAfterTheOtherTasksCommittedParentOffsetFindsTheEnd() {
        String parent = kinesis.createStream("orders", 1).get(0);
        String last = kinesis.put("orders", parent, "k", "p0");
        String child = kinesis.split("orders", parent).get(0);
        putAll(child, "c", 1);
        offsets.put("orders", parent, Map.of("sequence", last)); // the end came with an empty response: no marker
        driver.start(props(List.of(shard("orders", child, parent))));

        assertThat(values(driver.poll())).containsExactly("c0");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parent)).extracting(Call::detail)
                .containsExactly("AFTER_SEQUENCE_NUMBER " + last);
    }

    @Test
    void shouldWaitForTheOtherTasksParentAndRecheckItOnlyAtTheCheckInterval() {
        String parent = kinesis.createStream("orders", 1).get(0);
        String p0 = kinesis.put("orders", parent, "k", "p0");
        kinesis.put("orders", parent, "k", "p1");
        String p2 = kinesis.put("orders", parent, "k", "p2");
        String child = kinesis.split("orders", parent).get(0);
        putAll(child, "c", 1);
        offsets.put("orders", parent, Map.of("sequence", p0)); // the other task has committed p0 only
        Map<String, String> props = props(List.of(shard("orders", child, parent)));
        props.put(KinesisSourceConfig.PARENT_CHECK_INTERVAL_MS_CONFIG, "5000");
        driver.start(props);

        List<SourceRecord> whileParentUnfinished = driver.poll(45); // 4.5 s of idle polls

        assertThat(whileParentUnfinished).isEmpty();
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parent)).hasSize(1);
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, child)).isEmpty();

        offsets.put("orders", parent, Map.of("sequence", p2)); // the other task committed the rest
        List<SourceRecord> records = driver.pollUntil(all -> !all.isEmpty(), 20);

        assertThat(values(records)).containsExactly("c0");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parent)).hasSize(2);
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parent).get(1).atMillis() - START.toEpochMilli())
                .isEqualTo(5_000);
    }

    @Test
    void shouldTreatAnOtherTasksParentWithoutOffsetAsUnfinishedWhileItHasRecordsFromTheStartPosition() {
        List<String> parents = kinesis.createStream("orders", 2);
        kinesis.put("orders", parents.get(0), "k", "unread");
        String child = kinesis.merge("orders", parents.get(0), parents.get(1));
        putAll(child, "c", 1);
        driver.start(props(List.of(shard("orders", child, parents.get(0), parents.get(1)))));

        assertThat(driver.poll(30)).isEmpty();
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parents.get(0))).extracting(Call::detail)
                .containsExactly("TRIM_HORIZON");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parents.get(1))).extracting(Call::detail)
                .containsExactly("TRIM_HORIZON");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, child)).isEmpty();
    }

    @Test
    void shouldTreatAnExpiredParentAsFinished() {
        String parent = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", parent, "k", "trimmed away");
        String child = kinesis.split("orders", parent).get(0);
        putAll(child, "c", 1);
        kinesis.expireShard("orders", parent);
        driver.start(props(List.of(shard("orders", child, parent))));

        assertThat(values(driver.poll())).containsExactly("c0");
    }

    @Test
    void shouldReadNewChildrenFromTheirBeginningWithLatestSoNothingWrittenBeforeTheyStartIsSkipped() {
        String parent = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", parent, "k", "before the connector started");
        List<String> children = kinesis.split("orders", parent);
        putAll(children.get(0), "a", 2);
        Map<String, String> base = TaskDriver.baseProps("orders");
        base.put(KinesisSourceConfig.POSITION_CONFIG, "LATEST");
        Set<String> created = Set.of("orders/" + children.get(0), "orders/" + children.get(1));
        driver.start(TaskDriver.taskProps(base, 0, List.of(shard("orders", parent),
                shard("orders", children.get(0), parent), shard("orders", children.get(1), parent)), created));

        List<SourceRecord> records = driver.pollUntil(all -> all.size() == 2, 50);

        assertThat(values(records)).containsExactly("a0", "a1");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parent)).extracting(Call::detail).containsExactly("LATEST");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, children.get(0))).extracting(Call::detail)
                .containsExactly("TRIM_HORIZON");
    }

    @Test
    void shouldNotWaitForParentsWhenTheChildAlreadyHasAnOffset() {
        String parent = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", parent, "k", "p0");
        String child = kinesis.split("orders", parent).get(0);
        String c0 = kinesis.put("orders", child, "k", "c0");
        kinesis.put("orders", child, "k", "c1");
        offsets.put("orders", child, Map.of("sequence", c0));
        driver.start(props(List.of(shard("orders", child, parent))));

        assertThat(values(driver.poll())).containsExactly("c1");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, parent)).isEmpty();
    }

    private Map<String, String> props(List<AssignedShard> shards) {
        return TaskDriver.taskProps(TaskDriver.baseProps("orders"), 0, shards, Set.of());
    }

    private void putAll(String shardId, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            kinesis.put("orders", shardId, "key-" + i, prefix + i);
        }
    }
}
