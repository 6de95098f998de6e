package io.kkbridge.connect.kinesis.sink;

import static io.kkbridge.connect.kinesis.sink.SinkRecords.bytes;
import static io.kkbridge.connect.kinesis.sink.SinkRecords.record;
import static io.kkbridge.connect.kinesis.sink.SinkRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kkbridge.connect.kinesis.aggregation.AggregationFormat;
import io.kkbridge.connect.kinesis.aggregation.CorruptAggregateException;
import io.kkbridge.connect.kinesis.aggregation.DeaggregatedRecord;
import io.kkbridge.connect.kinesis.aggregation.RecordDeaggregator;
import io.kkbridge.connect.kinesis.aggregation.UserRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

class KinesisAggregationTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    private final ScriptedKinesisPutClient kinesis = new ScriptedKinesisPutClient();
    private final ManualSinkScheduler scheduler = new ManualSinkScheduler();
    private final RecordDeaggregator deaggregator = new RecordDeaggregator();
    private KinesisSinkTask task;

    @BeforeEach
    void start() {
        task = new KinesisSinkTask(config -> kinesis, config -> scheduler);
        task.initialize(new FakeSinkTaskContext(new FakeErrantRecordReporter(), ORDERS_0));
        task.start(Map.of("aws.region", "eu-west-1", "kinesis.stream", "out", "topics", "orders",
                "kinesis.batch.linger.ms", "0", "kinesis.flush.timeout.ms", "0", "kinesis.aggregation.enabled", "true",
                "aws.retry.backoff.base.ms", "100", "aws.retry.backoff.max.ms", "100"));
    }

    @AfterEach
    void stop() {
        task.stop();
    }

    private List<List<UserRecord>> userRecordsPerEntry(int request) throws CorruptAggregateException {
        List<List<UserRecord>> result = new ArrayList<>();
        for (PutRecordsRequestEntry entry : kinesis.requests().get(request).records()) {
            List<UserRecord> userRecords = new ArrayList<>();
            for (DeaggregatedRecord record : deaggregator.deaggregate(entry.partitionKey(), null,
                    entry.data().asByteArray())) {
                userRecords.add(record.userRecord());
            }
            result.add(userRecords);
        }
        return result;
    }

    private static UserRecord user(String key, String data) {
        return UserRecord.of(key, data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAggregateEachKeysRecordsSoTheDeaggregatorGetsBackTheSameKeysAndBytesInOrder() throws Exception {
        task.put(List.of(record("orders", 0, 0, "A", utf8("a1")), record("orders", 0, 1, "B", utf8("b1")),
                record("orders", 0, 2, "A", utf8("a2")), record("orders", 0, 3, "A", utf8("a3")),
                record("orders", 0, 4, "B", utf8("b2")), record("orders", 0, 5, "C", utf8("c1"))));
        scheduler.runRequests();

        assertThat(kinesis.requests()).hasSize(1);
        List<PutRecordsRequestEntry> entries = kinesis.requests().get(0).records();
        assertThat(entries).extracting(PutRecordsRequestEntry::partitionKey).containsExactly("A", "B", "C");
        assertThat(AggregationFormat.hasMagic(entries.get(0).data().asByteArray())).isTrue();
        assertThat(entries.get(2).data().asUtf8String()).isEqualTo("c1"); // a lone record stays plain
        assertThat(userRecordsPerEntry(0)).containsExactly(
                List.of(user("A", "a1"), user("A", "a2"), user("A", "a3")),
                List.of(user("B", "b1"), user("B", "b2")),
                List.of(user("C", "c1")));
        assertThat(task.preCommit(Map.of(ORDERS_0, new OffsetAndMetadata(6))))
                .containsExactly(Map.entry(ORDERS_0, new OffsetAndMetadata(6)));
    }

    @Test
    void shouldCloseAKeysAggregateBefore1MibAndSendTheRestInTheNextRequest() throws Exception {
        task.put(List.of(record("orders", 0, 0, "A", bytes(400_000)), record("orders", 0, 1, "A", bytes(400_000)),
                record("orders", 0, 2, "A", bytes(400_000))));
        scheduler.runRequests();

        assertThat(kinesis.entryCounts()).containsExactly(1, 1);
        assertThat(userRecordsPerEntry(0)).singleElement().asList().hasSize(2);
        assertThat(userRecordsPerEntry(1)).containsExactly(List.of(UserRecord.of("A", bytes(400_000))));
        assertThat(kinesis.bytesPerRequest()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1 << 20));
    }

    @Test
    void shouldKeepAnAggregatedRequestWithin5Mib() throws Exception {
        List<SinkRecord> records = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int key = 0; key < 6; key++) {
                records.add(record("orders", 0, records.size(), "K" + key, bytes(450_000)));
            }
        }

        task.put(records);
        scheduler.runRequests();

        assertThat(kinesis.entryCounts()).containsExactly(6, 1);
        assertThat(userRecordsPerEntry(0)).extracting(List::size).containsExactly(2, 2, 2, 2, 2, 1);
        assertThat(userRecordsPerEntry(1)).containsExactly(List.of(UserRecord.of("K5", bytes(450_000))));
        assertThat(kinesis.bytesPerRequest().get(0)).isLessThanOrEqualTo(5L << 20);
    }

    @Test
    void shouldRetryAFailedAggregateWholeBeforeLaterRecordsOfItsKey() throws Exception {
        kinesis.thenFailEntries(ScriptedKinesisPutClient.THROTTLED, 0);

        task.put(List.of(record("orders", 0, 0, "A", utf8("a1")), record("orders", 0, 1, "A", utf8("a2")),
                record("orders", 0, 2, "B", utf8("b1"))));
        scheduler.runRequests();
        task.put(List.of(record("orders", 0, 3, "A", utf8("a3"))));
        scheduler.advance(Duration.ofMillis(100));

        assertThat(kinesis.requests()).hasSize(2);
        assertThat(userRecordsPerEntry(0)).containsExactly(List.of(user("A", "a1"), user("A", "a2")),
                List.of(user("B", "b1")));
        assertThat(userRecordsPerEntry(1)).containsExactly(List.of(user("A", "a1"), user("A", "a2"),
                user("A", "a3")));
        assertThat(task.preCommit(Map.of(ORDERS_0, new OffsetAndMetadata(4))))
                .containsExactly(Map.entry(ORDERS_0, new OffsetAndMetadata(4)));
    }
}
