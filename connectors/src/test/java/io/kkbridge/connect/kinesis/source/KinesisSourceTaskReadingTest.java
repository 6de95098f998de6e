package io.kkbridge.connect.kinesis.source;

import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation.GET_RECORDS;
import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Operation.GET_SHARD_ITERATOR;
import static io.kkbridge.connect.kinesis.source.TaskDriver.shard;
import static io.kkbridge.connect.kinesis.source.TaskDriver.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.kkbridge.connect.kinesis.source.FakeKinesisProxy.Call;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KinesisSourceTaskReadingTest {

    private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final FakeKinesisProxy kinesis = new FakeKinesisProxy(clock);
    private final TaskDriver driver = new TaskDriver(kinesis, clock, new InMemoryOffsets());

    @AfterEach
    void stop() {
        if (driver.task != null) {
            driver.task.stop();
        }
    }

    @Test
    void shouldEmitPartitionKeyDataArrivalTimeHeadersAndTheOffsetAfterEachRecord() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        String first = kinesis.put("orders", shard0, "customer-1", "{\"order\":1}");
        clock.advance(1_500);
        String second = kinesis.put("orders", shard0, "customer-2", "{\"order\":2}");
        driver.start(TaskDriver.taskProps(TaskDriver.baseProps("orders"), 0, List.of(shard("orders", shard0)),
                Set.of()));

        List<SourceRecord> records = driver.poll();

        assertThat(records).hasSize(2);
        SourceRecord record = records.get(0);
        assertThat(record.topic()).isEqualTo("orders");
        assertThat(record.kafkaPartition()).isNull();
        assertThat(record.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(record.key()).isEqualTo("customer-1");
        assertThat(record.valueSchema()).isEqualTo(Schema.BYTES_SCHEMA);
        assertThat(new String((byte[]) record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"order\":1}");
        assertThat(record.timestamp()).isEqualTo(START.toEpochMilli());
        assertThat(headers(record)).containsExactly(
                Map.entry("kinesis.stream", "orders"),
                Map.entry("kinesis.shard.id", shard0),
                Map.entry("kinesis.sequence.number", first));
        assertThat(record.sourcePartition()).isEqualTo(Map.of("stream", "orders", "shard", shard0));
        assertThat(record.sourceOffset()).isEqualTo(Map.of("sequence", first));
        assertThat(records.get(1).key()).isEqualTo("customer-2");
        assertThat(records.get(1).timestamp()).isEqualTo(START.toEpochMilli() + 1_500);
        assertThat(records.get(1).sourceOffset()).isEqualTo(Map.of("sequence", second));
    }

    @Test
    void shouldNameTopicsByTheTopicFormat() {
        String orders0 = kinesis.createStream("orders", 1).get(0);
        String clicks0 = kinesis.createStream("clicks", 1).get(0);
        kinesis.put("orders", orders0, "k", "o");
        kinesis.put("clicks", clicks0, "k", "c");
        Map<String, String> props = TaskDriver.baseProps("orders,clicks");
        props.put(KinesisSourceConfig.TOPIC_FORMAT_CONFIG, "kinesis.${stream}.raw");
        driver.start(TaskDriver.taskProps(props, 0, List.of(shard("orders", orders0), shard("clicks", clicks0)),
                Set.of()));

        List<SourceRecord> records = driver.poll();

        assertThat(records).extracting(SourceRecord::topic).containsExactly("kinesis.orders.raw", "kinesis.clicks.raw");
    }

    @Test
    void shouldPassEachShardsRecordsOnInSequenceOrderAcrossManyGetRecordsCalls() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        for (int i = 0; i < 25; i++) {
            kinesis.put("orders", shard0, "k" + (i % 3), "v" + i);
        }
        Map<String, String> props = TaskDriver.baseProps("orders");
        props.put(KinesisSourceConfig.RECORDS_PER_REQUEST_CONFIG, "10");
        driver.start(TaskDriver.taskProps(props, 0, List.of(shard("orders", shard0)), Set.of()));

        List<SourceRecord> records = driver.pollUntil(all -> all.size() == 25, 50);

        assertThat(values(records)).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 25).mapToObj(i -> "v" + i).toList());
        assertThat(kinesis.calls(GET_RECORDS, shard0).subList(0, 3)).extracting(Call::detail)
                .containsExactly("10", "10", "5");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, shard0)).hasSize(1);
    }

    @Test
    void shouldSpaceCallsOnAShard200MsApartAndWaitForTheDataAt2MegabytesPerSecond() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "big", new byte[1_000_000]);
        kinesis.put("orders", shard0, "small", new byte[10]);
        Map<String, String> props = TaskDriver.baseProps("orders");
        props.put(KinesisSourceConfig.RECORDS_PER_REQUEST_CONFIG, "1");
        props.put(KinesisSourceConfig.EMPTY_SHARD_BACKOFF_MS_CONFIG, "1000");
        driver.start(TaskDriver.taskProps(props, 0, List.of(shard("orders", shard0)), Set.of()));

        driver.poll(40);

        List<Long> times = kinesis.calls(GET_RECORDS, shard0).stream()
                .map(call -> call.atMillis() - START.toEpochMilli()).toList();
        // 1 MB read: 500 ms before the next call; 10 bytes: the 200 ms floor; then empty at the tip: 1000 ms
        assertThat(times.subList(0, 5)).containsExactly(0L, 500L, 700L, 1_700L, 2_700L);
    }

    @Test
    void shouldReturnPromptlyWithoutCallingWhileNoShardIsDue() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        Map<String, String> props = TaskDriver.baseProps("orders");
        props.put(KinesisSourceConfig.EMPTY_SHARD_BACKOFF_MS_CONFIG, "1000");
        driver.start(TaskDriver.taskProps(props, 0, List.of(shard("orders", shard0)), Set.of()));

        assertThat(driver.task.poll()).isNull(); // first call, empty at the tip
        int callsAfterFirstPoll = kinesis.calls(GET_RECORDS, shard0).size();
        for (int i = 0; i < 9; i++) {
            assertThat(driver.task.poll()).isNull();
        }

        assertThat(callsAfterFirstPoll).isEqualTo(1);
        assertThat(kinesis.calls(GET_RECORDS, shard0)).hasSize(1);
        // each idle poll waits at most 100 ms of (fake) time, ten of them reaching the shard's next read
        assertThat(driver.idleWaits).hasSize(10).allSatisfy(wait -> assertThat(wait).isBetween(1L, 100L));
        assertThat(clock.millis() - START.toEpochMilli()).isEqualTo(1_000);
    }

    @Test
    void shouldStartShardsWithoutOffsetAtLatestWhenConfigured() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "k", "before start");
        Map<String, String> props = TaskDriver.baseProps("orders");
        props.put(KinesisSourceConfig.POSITION_CONFIG, "LATEST");
        driver.start(TaskDriver.taskProps(props, 0, List.of(shard("orders", shard0)), Set.of()));

        assertThat(driver.poll()).isEmpty();
        kinesis.put("orders", shard0, "k", "after start");
        List<SourceRecord> records = driver.pollUntil(all -> !all.isEmpty(), 30);

        assertThat(values(records)).containsExactly("after start");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, shard0)).extracting(Call::detail).containsExactly("LATEST");
    }

    @Test
    void shouldStartShardsWithoutOffsetAtTheConfiguredTimestamp() {
        String shard0 = kinesis.createStream("orders", 1).get(0);
        kinesis.put("orders", shard0, "k", "old");
        clock.advance(60_000);
        kinesis.put("orders", shard0, "k", "new");
        Map<String, String> props = TaskDriver.baseProps("orders");
        props.put(KinesisSourceConfig.POSITION_CONFIG, "AT_TIMESTAMP");
        props.put(KinesisSourceConfig.POSITION_TIMESTAMP_CONFIG, "2024-05-01T00:00:30Z");
        driver.start(TaskDriver.taskProps(props, 0, List.of(shard("orders", shard0)), Set.of()));

        assertThat(values(driver.poll())).containsExactly("new");
        assertThat(kinesis.calls(GET_SHARD_ITERATOR, shard0)).extracting(Call::detail)
                .containsExactly("AT_TIMESTAMP 2024-05-01T00:00:30Z");
    }

    static Map<String, Object> headers(SourceRecord record) {
        Map<String, Object> headers = new java.util.LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return headers;
    }
}
