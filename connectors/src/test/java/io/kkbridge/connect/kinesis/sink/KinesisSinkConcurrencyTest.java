package io.kkbridge.connect.kinesis.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.kkbridge.connect.kinesis.aggregation.CorruptAggregateException;
import io.kkbridge.connect.kinesis.aggregation.DeaggregatedRecord;
import io.kkbridge.connect.kinesis.aggregation.RecordDeaggregator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The production threads (several requests in flight, a timer for linger and backoff) against a stream that
 * throttles a third of all entries at random: every key's records must still be accepted exactly once each, in
 * their order.
 */
class KinesisSinkConcurrencyTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final int RECORDS = 3000;
    private static final int KEYS = 25;

    /** Accepts or throttles each entry at random and keeps what it accepted, per key, in acceptance order. */
    private static final class FlakyStream implements KinesisPutClient {
        private final Random random = new Random(7);
        private final RecordDeaggregator deaggregator = new RecordDeaggregator();
        private final Map<String, List<String>> acceptedByKey = new LinkedHashMap<>();
        private int requests;

        @Override
        public synchronized PutRecordsResponse putRecords(PutRecordsRequest request) {
            requests++;
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (PutRecordsRequestEntry entry : request.records()) {
                if (random.nextInt(3) == 0) {
                    failed++;
                    results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("Rate exceeded").build());
                } else {
                    accept(entry);
                    results.add(PutRecordsResultEntry.builder().shardId("s").sequenceNumber("1").build());
                }
            }
            return PutRecordsResponse.builder().failedRecordCount(failed).records(results).build();
        }

        private void accept(PutRecordsRequestEntry entry) {
            try {
                for (DeaggregatedRecord record : deaggregator.deaggregate(entry.partitionKey(), null,
                        entry.data().asByteArray())) {
                    acceptedByKey.computeIfAbsent(record.userRecord().partitionKey(), key -> new ArrayList<>())
                            .add(new String(record.userRecord().data(), StandardCharsets.UTF_8));
                }
            } catch (CorruptAggregateException e) {
                throw new IllegalStateException(e);
            }
        }

        synchronized Map<String, List<String>> acceptedByKey() {
            return new HashMap<>(acceptedByKey);
        }

        @Override
        public void close() {
        }
    }

    private static Map<String, List<String>> run(String aggregation) throws InterruptedException {
        FlakyStream stream = new FlakyStream();
        KinesisSinkTask task = new KinesisSinkTask(config -> stream,
                config -> new ThreadPoolSinkScheduler("test-sink", config.maxInFlightRequests()));
        task.initialize(new FakeSinkTaskContext(new FakeErrantRecordReporter(), ORDERS_0));
        task.start(Map.of("aws.region", "eu-west-1", "kinesis.stream", "out", "topics", "orders",
                "kinesis.batch.linger.ms", "2", "kinesis.batch.max.records", "20", "kinesis.aggregation.enabled",
                aggregation, "aws.retry.max.attempts", "100", "aws.retry.backoff.base.ms", "1",
                "aws.retry.backoff.max.ms", "2", "kinesis.flush.timeout.ms", "30000"));
        Map<String, List<String>> expected = new HashMap<>();
        try {
            List<SinkRecord> batch = new ArrayList<>();
            for (int offset = 0; offset < RECORDS; offset++) {
                String key = "key-" + (offset * 7 % KEYS);
                String value = key + "#" + offset;
                expected.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                batch.add(SinkRecords.record("orders", 0, offset, key, SinkRecords.utf8(value)));
                if (batch.size() == 100) {
                    task.put(batch);
                    batch = new ArrayList<>();
                }
            }
            Map<TopicPartition, OffsetAndMetadata> delivered = Map.of(ORDERS_0, new OffsetAndMetadata(RECORDS));
            // the flush before a commit waits for every record to be accepted
            assertThat(task.preCommit(delivered)).isEqualTo(delivered);
        } finally {
            task.stop();
        }
        assertThat(stream.acceptedByKey()).isEqualTo(expected);
        return expected;
    }

    @Test
    @Timeout(60)
    void shouldDeliverEveryKeyInOrderDespiteRandomThrottlingWithSeveralRequestsInFlight() throws Exception {
        assertThat(run("false")).hasSize(KEYS);
    }

    @Test
    @Timeout(60)
    void shouldDeliverEveryKeyInOrderWhenAggregatingToo() throws Exception {
        assertThat(run("true")).hasSize(KEYS);
    }
}
