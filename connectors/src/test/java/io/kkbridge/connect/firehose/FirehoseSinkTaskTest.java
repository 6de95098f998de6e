package io.kkbridge.connect.firehose;

import static io.kkbridge.connect.firehose.ScriptedFirehosePutClient.INTERNAL_FAILURE;
import static io.kkbridge.connect.firehose.ScriptedFirehosePutClient.SERVICE_UNAVAILABLE;
import static io.kkbridge.connect.kinesis.sink.ScriptedKinesisPutClient.serviceError;
import static io.kkbridge.connect.kinesis.sink.SinkRecords.bytes;
import static io.kkbridge.connect.kinesis.sink.SinkRecords.record;
import static io.kkbridge.connect.kinesis.sink.SinkRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.kkbridge.connect.kinesis.sink.FakeErrantRecordReporter;
import io.kkbridge.connect.kinesis.sink.FakeSinkTaskContext;
import io.kkbridge.connect.kinesis.sink.ManualSinkScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

class FirehoseSinkTaskTest {

    private static final TopicPartition EVENTS_0 = new TopicPartition("events", 0);
    private static final Duration BACKOFF = Duration.ofMillis(100);
    private static final int MAX_RECORD_BYTES = 1_024_000;

    private final ScriptedFirehosePutClient firehose = new ScriptedFirehosePutClient();
    private final ManualSinkScheduler scheduler = new ManualSinkScheduler();
    private final FakeErrantRecordReporter reporter = new FakeErrantRecordReporter();
    private FirehoseSinkTask task;

    @AfterEach
    void stopTask() {
        if (task != null) {
            task.stop();
        }
    }

    private void start(String... overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "aws.region", "eu-west-1",
                "firehose.delivery.stream", "lake",
                "topics", "events",
                "firehose.batch.linger.ms", "0",
                "firehose.flush.timeout.ms", "0",
                "aws.retry.max.attempts", "3",
                "aws.retry.backoff.base.ms", "100",
                "aws.retry.backoff.max.ms", "100"));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                props.remove(overrides[i]);
            } else {
                props.put(overrides[i], overrides[i + 1]);
            }
        }
        task = new FirehoseSinkTask(config -> firehose, config -> scheduler);
        task.initialize(new FakeSinkTaskContext(reporter, EVENTS_0));
        task.start(props);
    }

    private static SinkRecord rec(long offset, String value) {
        return record("events", 0, offset, null, value == null ? null : utf8(value));
    }

    private static Map<TopicPartition, OffsetAndMetadata> delivered(long nextOffset) {
        return Map.of(EVENTS_0, new OffsetAndMetadata(nextOffset));
    }

    // ---- delimiter

    @Test
    void shouldAppendTheNewlineDelimiterOnlyWhereTheValueLacksIt() {
        start();

        task.put(List.of(rec(0, "{\"a\":1}"), rec(1, "{\"a\":2}\n"), rec(2, ""), rec(3, "x\r")));
        scheduler.runRequests();

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("{\"a\":1}\n", "{\"a\":2}\n", "\n",
                "x\r\n"));
        assertThat(firehose.requests().get(0).deliveryStreamName()).isEqualTo("lake");
    }

    @Test
    void shouldUseAnEscapedMultiByteDelimiter() {
        start("firehose.record.delimiter", "\\r\\n");

        task.put(List.of(rec(0, "a"), rec(1, "b\r\n"), rec(2, "c\n")));
        scheduler.runRequests();

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("a\r\n", "b\r\n", "c\n\r\n"));
    }

    @Test
    void shouldSendValuesAsTheyAreWithAnEmptyDelimiter() {
        start("firehose.record.delimiter", "");

        task.put(List.of(rec(0, "a"), rec(1, "b\n")));
        scheduler.runRequests();

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("a", "b\n"));
    }

    // ---- limits

    @Test
    void shouldSplitRequestsAt500Records() {
        start();

        task.put(IntStream.range(0, 1001).mapToObj(i -> rec(i, "v" + i)).toList());
        scheduler.runRequests();

        assertThat(firehose.recordCounts()).containsExactly(500, 500, 1);
        assertThat(firehose.recordsPerRequest().stream().flatMap(List::stream).toList())
                .isEqualTo(IntStream.range(0, 1001).mapToObj(i -> "v" + i + "\n").toList());
    }

    @Test
    void shouldFillARequestToExactly4MibDelimitersIncludedAndStartANewOneAfter() {
        start();
        List<SinkRecord> records = new ArrayList<>();
        // with their delimiters, 4 x 838,861 + 838,860 bytes = 4,194,304 bytes, exactly 4 MiB
        for (int i = 0; i < 4; i++) {
            records.add(record("events", 0, i, null, bytes(838_860)));
        }
        records.add(record("events", 0, 4, null, bytes(838_859)));
        records.add(record("events", 0, 5, null, bytes(0)));

        task.put(records);
        scheduler.runRequests();

        assertThat(firehose.recordCounts()).containsExactly(5, 1);
        assertThat(firehose.bytesPerRequest()).containsExactly(4L * 1024 * 1024, 1L);
    }

    @Test
    void shouldPutARecordOfExactly1000KibWithItsDelimiterAndReportOneByteMoreAsErrant() {
        start("errors.tolerance", "all");

        task.put(List.of(record("events", 0, 0, null, bytes(MAX_RECORD_BYTES - 1)),
                record("events", 0, 1, null, bytes(MAX_RECORD_BYTES))));
        scheduler.runRequests();

        assertThat(firehose.bytesPerRequest()).containsExactly((long) MAX_RECORD_BYTES);
        assertThat(reporter.messages()).containsExactly("Cannot send the record at topic 'events', partition 0, "
                + "offset 1 to Firehose delivery stream 'lake': the record has 1024001 bytes with its delimiter, "
                + "over the Firehose limit of 1024000 bytes (1,000 KiB) per record");
        assertThat(task.preCommit(delivered(2))).containsExactly(entry(EVENTS_0, new OffsetAndMetadata(2)));
    }

    @Test
    void shouldFailTheTaskOnAnOversizeRecordUnlessErrorsAreTolerated() {
        start();

        assertThatThrownBy(() -> task.put(List.of(record("events", 0, 12, null, bytes(MAX_RECORD_BYTES)))))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Cannot send the record at topic 'events', partition 0, offset 12 to Firehose delivery "
                        + "stream 'lake': the record has 1024001 bytes with its delimiter, over the Firehose limit "
                        + "of 1024000 bytes (1,000 KiB) per record. Set errors.tolerance=all to send such records "
                        + "to the errant record reporter (dead letter queue) instead");
    }

    @Test
    void shouldSkipNullValuesAndCommitPastThem() {
        start();

        task.put(List.of(rec(0, null), rec(1, "a"), rec(2, null)));
        scheduler.runRequests();

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("a\n"));
        assertThat(reporter.reports()).isEmpty();
        assertThat(task.preCommit(delivered(3))).containsExactly(entry(EVENTS_0, new OffsetAndMetadata(3)));
    }

    // ---- partial failures

    @Test
    void shouldRetryOnlyTheEntriesWithAnErrorCode() {
        start();
        firehose.thenFailEntries(SERVICE_UNAVAILABLE, 1, 3);

        task.put(List.of(rec(0, "a"), rec(1, "b"), rec(2, "c"), rec(3, "d"), rec(4, "e")));
        scheduler.runRequests();
        assertThat(task.preCommit(delivered(5))).containsExactly(entry(EVENTS_0, new OffsetAndMetadata(1)));
        scheduler.advance(BACKOFF);

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("a\n", "b\n", "c\n", "d\n", "e\n"),
                List.of("b\n", "d\n"));
        assertThat(task.preCommit(delivered(5))).containsExactly(entry(EVENTS_0, new OffsetAndMetadata(5)));
    }

    @Test
    void shouldRetryEverythingWhenFailedPutCountExceedsTheEntriesWithAnErrorCode() {
        start();
        firehose.thenAnswer(PutRecordBatchResponse.builder().failedPutCount(1).requestResponses(
                PutRecordBatchResponseEntry.builder().recordId("r1").build(),
                PutRecordBatchResponseEntry.builder().recordId("r2").build()).build());

        task.put(List.of(rec(0, "a"), rec(1, "b")));
        scheduler.runRequests();
        scheduler.advance(BACKOFF);

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("a\n", "b\n"), List.of("a\n", "b\n"));
    }

    @Test
    void shouldRetryEveryRecordAfterAThrottledCall() {
        start();
        firehose.thenThrow(serviceError(ServiceUnavailableException.builder(), "ServiceUnavailableException", 503,
                "Slow down."));

        task.put(List.of(rec(0, "a"), rec(1, "b")));
        scheduler.runRequests();
        scheduler.advance(BACKOFF);

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("a\n", "b\n"), List.of("a\n", "b\n"));
        assertThat(task.preCommit(delivered(2))).containsExactly(entry(EVENTS_0, new OffsetAndMetadata(2)));
    }

    @Test
    void shouldFailTheTaskNamingTheDeliveryStreamAndCountsWhenRetriesRunOut() {
        start();
        firehose.thenFailEntries(INTERNAL_FAILURE, 0, 2).thenFailEntries(INTERNAL_FAILURE, 1)
                .thenFailEntries(INTERNAL_FAILURE, 0);

        task.put(List.of(rec(0, "a"), rec(1, "b"), rec(2, "c")));
        scheduler.runRequests();
        scheduler.advance(BACKOFF);
        scheduler.advance(BACKOFF);
        scheduler.advance(BACKOFF);

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("a\n", "b\n", "c\n"),
                List.of("a\n", "c\n"), List.of("c\n"));
        assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                .hasMessage("Gave up after 3 attempts: Firehose delivery stream 'lake': AWS server error "
                        + "(InternalFailure): Internal failure. 1 of 1 records in the last PutRecordBatch "
                        + "request to Firehose delivery stream 'lake' failed; the first is at topic 'events', "
                        + "partition 0, offset 2");
    }

    @Test
    void shouldRetryThrottledEntriesPastTheAttemptLimit() {
        start(); // aws.retry.max.attempts=3
        for (int i = 0; i < 6; i++) {
            firehose.thenFailEntries(SERVICE_UNAVAILABLE, 0);
        }

        task.put(List.of(rec(0, "a"), rec(1, "b")));
        scheduler.runRequests();
        for (int i = 0; i < 6; i++) {
            scheduler.advance(BACKOFF);
        }
        task.put(List.of()); // the task has not failed

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("a\n", "b\n"), List.of("a\n"),
                List.of("a\n"), List.of("a\n"), List.of("a\n"), List.of("a\n"), List.of("a\n"));
        assertThat(task.preCommit(delivered(2))).containsExactly(entry(EVENTS_0, new OffsetAndMetadata(2)));
    }

    @Test
    void shouldFailFastWhenTheDeliveryStreamDoesNotExist() {
        start("firehose.delivery.stream", null, "firehose.delivery.stream.mapping", "events:lake-events");
        firehose.thenThrow(serviceError(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400,
                "Firehose lake-events under account 123456789012 not found."));

        task.put(List.of(rec(0, "a")));
        scheduler.advance(BACKOFF);

        assertThat(firehose.requests()).hasSize(1);
        assertThatThrownBy(() -> task.preCommit(delivered(1))).isInstanceOf(ConnectException.class)
                .hasMessage("Firehose delivery stream 'lake-events' was not found in region eu-west-1 at the "
                        + "regional AWS endpoint (ResourceNotFoundException, HTTP 400): Firehose lake-events under "
                        + "account 123456789012 not found. Check firehose.delivery.stream.mapping and aws.region. "
                        + "1 of 1 records in the last PutRecordBatch request to Firehose delivery stream "
                        + "'lake-events' failed; the first is at topic 'events', partition 0, offset 0");
    }

    @Test
    void shouldRouteTopicsToTheirMappedDeliveryStreams() {
        start("firehose.delivery.stream", null, "firehose.delivery.stream.mapping",
                "events:lake-events, sales:lake-sales", "topics", "events,sales");

        task.put(List.of(rec(0, "e1"), record("sales", 0, 0, null, utf8("s1")), rec(1, "e2")));
        scheduler.runRequests();

        assertThat(firehose.requests()).extracting(request -> request.deliveryStreamName())
                .containsExactly("lake-events", "lake-sales");
        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("e1\n", "e2\n"), List.of("s1\n"));
    }

    @Test
    void shouldLingerForMoreRecords() {
        start("firehose.batch.linger.ms", "50");

        task.put(List.of(rec(0, "a")));
        scheduler.advance(Duration.ofMillis(20));
        task.put(List.of(rec(1, "b")));
        scheduler.advance(Duration.ofMillis(29));
        assertThat(firehose.requests()).isEmpty();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(firehose.recordsPerRequest()).containsExactly(List.of("a\n", "b\n"));
    }

    @Test
    void shouldCloseTheClientAndTheSchedulerOnStop() {
        start();

        task.stop();
        task = null;

        assertThat(firehose.closed()).isTrue();
        assertThat(scheduler.closed()).isTrue();
    }
}
