package io.kkbridge.connect.kinesis.sink;

import static io.kkbridge.connect.kinesis.sink.ScriptedKinesisPutClient.THROTTLED;
import static io.kkbridge.connect.kinesis.sink.ScriptedKinesisPutClient.serviceError;
import static io.kkbridge.connect.kinesis.sink.SinkRecords.bytes;
import static io.kkbridge.connect.kinesis.sink.SinkRecords.record;
import static io.kkbridge.connect.kinesis.sink.SinkRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

class KinesisSinkTaskTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final Duration BACKOFF = Duration.ofMillis(100);
    private static final String TOLERATE_ALL = "all";

    private final ScriptedKinesisPutClient kinesis = new ScriptedKinesisPutClient();
    private final ManualSinkScheduler scheduler = new ManualSinkScheduler();
    private final FakeErrantRecordReporter reporter = new FakeErrantRecordReporter();
    private FakeSinkTaskContext context = new FakeSinkTaskContext(reporter, ORDERS_0, ORDERS_1);
    private KinesisSinkTask task;

    @AfterEach
    void stopTask() {
        if (task != null) {
            task.stop();
        }
    }

    /** Linger 0 and a 100 ms backoff ceiling, so a test sees requests at once and retries after 100 ms. */
    private void start(String... overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "aws.region", "eu-west-1",
                "kinesis.stream", "out",
                "topics", "orders",
                "kinesis.batch.linger.ms", "0",
                "kinesis.flush.timeout.ms", "0",
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
        task = new KinesisSinkTask(config -> kinesis, config -> scheduler);
        task.initialize(context);
        task.start(props);
    }

    private static SinkRecord rec(long offset, String key, String value) {
        return record("orders", 0, offset, key, value == null ? null : utf8(value));
    }

    private static Map<TopicPartition, OffsetAndMetadata> delivered(long nextOffset) {
        return Map.of(ORDERS_0, new OffsetAndMetadata(nextOffset));
    }

    // ---- batch limits

    @Test
    void shouldSplitRequestsAt500Records() {
        start();
        List<SinkRecord> records = IntStream.range(0, 1001).mapToObj(i -> rec(i, "k" + i, "v" + i)).toList();

        task.put(records);
        scheduler.runRequests();

        assertThat(kinesis.entryCounts()).containsExactly(500, 500, 1);
        assertThat(kinesis.entriesPerRequest().stream().flatMap(List::stream).toList())
                .isEqualTo(IntStream.range(0, 1001).mapToObj(i -> "k" + i + "=v" + i).toList());
        assertThat(kinesis.requests()).allSatisfy(request -> assertThat(request.streamName()).isEqualTo("out"));
        assertThat(task.preCommit(delivered(1001))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(1001)));
    }

    @Test
    void shouldSplitRequestsAtTheConfiguredRecordCount() {
        start("kinesis.batch.max.records", "2");

        task.put(List.of(rec(0, "a", "1"), rec(1, "b", "2"), rec(2, "c", "3"), rec(3, "d", "4"), rec(4, "e", "5")));
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("a=1", "b=2"), List.of("c=3", "d=4"),
                List.of("e=5"));
    }

    @Test
    void shouldFillARequestToExactly5MibCountingPartitionKeysAndStartANewOneAfter() {
        start();
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // 1,048,574 bytes of data + 2 of key: exactly 1 MiB each
            records.add(record("orders", 0, i, "k" + i, bytes(1_048_574)));
        }
        records.add(record("orders", 0, 5, "k5", new byte[0]));

        task.put(records);
        scheduler.runRequests();

        assertThat(kinesis.entryCounts()).containsExactly(5, 1);
        assertThat(kinesis.bytesPerRequest()).containsExactly(5L * 1024 * 1024, 2L);
    }

    @Test
    void shouldSplitAtTheConfiguredByteLimitButSendALargerRecordAlone() {
        start("kinesis.batch.max.bytes", "1024");

        task.put(List.of(record("orders", 0, 0, "a", bytes(511)), record("orders", 0, 1, "b", bytes(511)),
                record("orders", 0, 2, "c", bytes(1)), record("orders", 0, 3, "d", bytes(5000))));
        scheduler.runRequests();

        assertThat(kinesis.bytesPerRequest()).containsExactly(1024L, 2L, 5001L);
    }

    @Test
    void shouldPutARecordOfExactly1MibAndReportOneByteMoreAsErrant() {
        start("errors.tolerance", TOLERATE_ALL);

        task.put(List.of(record("orders", 0, 0, "k0", bytes(1_048_574)), record("orders", 0, 1, "k1",
                bytes(1_048_575))));
        scheduler.runRequests();

        assertThat(kinesis.bytesPerRequest()).containsExactly(1_048_576L);
        assertThat(reporter.messages()).containsExactly("Cannot send the record at topic 'orders', partition 0, "
                + "offset 1 to Kinesis stream 'out': the record has 1048577 bytes (1048575 of data and 2 of "
                + "partition key), over the Kinesis limit of 1048576 bytes per record");
        assertThat(reporter.reports().get(0).record().kafkaOffset()).isEqualTo(1);
        assertThat(task.preCommit(delivered(2))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(2)));
    }

    @Test
    void shouldFailTheTaskOnAnOversizeRecordUnlessErrorsAreTolerated() {
        start();

        assertThatThrownBy(() -> task.put(List.of(record("orders", 0, 7, "k0", bytes(1_048_575)))))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Cannot send the record at topic 'orders', partition 0, offset 7 to Kinesis stream "
                        + "'out': the record has 1048577 bytes (1048575 of data and 2 of partition key), over the "
                        + "Kinesis limit of 1048576 bytes per record. Set errors.tolerance=all to send such records "
                        + "to the errant record reporter (dead letter queue) instead");
        assertThat(kinesis.requests()).isEmpty();
    }

    @Test
    void shouldFailTheTaskWhenErrorsAreToleratedButTheWorkerHasNoReporter() {
        context = new FakeSinkTaskContext(null, ORDERS_0);
        start("errors.tolerance", TOLERATE_ALL);

        assertThatThrownBy(() -> task.put(List.of(rec(3, null, "v"))))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Cannot send the record at topic 'orders', partition 0, offset 3 to Kinesis stream "
                        + "'out': the record key is null, and kinesis.partition.key.source=RECORD_KEY takes the "
                        + "partition key from it. errors.tolerance=all, but the worker gives this task no errant "
                        + "record reporter");
    }

    @Test
    void shouldAcceptPartitionKeysOf1To256CharactersCountingCodePoints() {
        start("errors.tolerance", TOLERATE_ALL);
        String longest = "k".repeat(256);
        String longestEmoji = "\uD83D\uDE00".repeat(256); // 256 characters, 512 UTF-16 units, 1,024 UTF-8 bytes

        task.put(List.of(rec(0, longest, "a"), rec(1, "k".repeat(257), "b"), rec(2, "", "c"), rec(3, null, "d"),
                rec(4, longestEmoji, "e"), rec(5, "x", "f")));
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of(longest + "=a", longestEmoji + "=e",
                "x=f"));
        assertThat(reporter.messages()).containsExactly(
                "Cannot send the record at topic 'orders', partition 0, offset 1 to Kinesis stream 'out': the "
                        + "partition key from the record key has 257 characters; Kinesis allows at most 256",
                "Cannot send the record at topic 'orders', partition 0, offset 2 to Kinesis stream 'out': the "
                        + "partition key from the record key is empty; Kinesis needs 1 to 256 characters",
                "Cannot send the record at topic 'orders', partition 0, offset 3 to Kinesis stream 'out': the "
                        + "record key is null, and kinesis.partition.key.source=RECORD_KEY takes the partition key "
                        + "from it");
        assertThat(task.preCommit(delivered(6))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(6)));
    }

    @Test
    void shouldReportAStructuredValueAsErrantNamingTheConverterToUse() {
        start("errors.tolerance", TOLERATE_ALL);
        Schema schema = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build();

        task.put(List.of(record("orders", 0, 0, "k", new Struct(schema).put("id", "1"))));

        assertThat(reporter.messages()).containsExactly("Cannot send the record at topic 'orders', partition 0, "
                + "offset 0 to Kinesis stream 'out': the value is a Struct, but this connector sends bytes: use "
                + "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter (or StringConverter for "
                + "text)");
    }

    @Test
    void shouldSendStringValuesAndKeysOfOtherTypesAsText() {
        start();

        task.put(List.of(record("orders", 0, 0, 42L, "forty-two"), record("orders", 0, 1, utf8("bytes-key"),
                "b")));
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("42=forty-two", "bytes-key=b"));
    }

    @Test
    void shouldSkipNullValuesAndCommitPastThem() {
        start();

        task.put(List.of(rec(0, "a", null), rec(1, "b", "1"), rec(2, "c", null)));
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("b=1"));
        assertThat(reporter.reports()).isEmpty();
        assertThat(task.preCommit(delivered(3))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(3)));
    }

    // ---- partial failures, retries and order

    @Test
    void shouldRetryOnlyTheFailedEntryAndHoldBackLaterRecordsOfItsKey() {
        start();
        kinesis.thenFailEntries(THROTTLED, 1);

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1"), rec(2, "C", "c1"), rec(3, "A", "a2"),
                rec(4, "B", "b2"), rec(5, "C", "c2")));
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1", "B=b1", "C=c1"),
                List.of("A=a2", "C=c2"));
        assertThat(task.preCommit(delivered(6))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(1)));

        scheduler.advance(BACKOFF);

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1", "B=b1", "C=c1"),
                List.of("A=a2", "C=c2"), List.of("B=b1"), List.of("B=b2"));
        assertThat(task.preCommit(delivered(6))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(6)));
    }

    @Test
    void shouldKeepAKeysOrderAcrossRepeatedRetriesWhileNewRecordsArrive() {
        start();
        kinesis.thenFailEntries(THROTTLED, 1).thenSucceed().thenFailEntries("InternalFailure", 0);

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1")));
        scheduler.runRequests();
        task.put(List.of(rec(2, "A", "a2"), rec(3, "B", "b2"), rec(4, "C", "c1")));
        scheduler.runRequests();
        scheduler.advance(BACKOFF);
        scheduler.advance(BACKOFF);

        assertThat(kinesis.entriesPerRequest()).containsExactly(
                List.of("A=a1", "B=b1"),
                List.of("A=a2", "C=c1"),
                List.of("B=b1"),
                List.of("B=b1"),
                List.of("B=b2"));
        assertThat(task.preCommit(delivered(5))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(5)));
    }

    @Test
    void shouldRetryEveryEntryAfterARetriableCallError() {
        start();
        kinesis.thenThrow(serviceError(KinesisException.builder(), "InternalFailure", 500, "Internal failure."));

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1")));
        scheduler.runRequests();
        assertThat(task.preCommit(delivered(2))).isEmpty();
        scheduler.advance(BACKOFF);

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1", "B=b1"), List.of("A=a1", "B=b1"));
        assertThat(task.preCommit(delivered(2))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(2)));
    }

    @Test
    void shouldRetryEverythingWhenFailedRecordCountExceedsTheEntriesWithAnErrorCode() {
        start();
        kinesis.thenAnswer(PutRecordsResponse.builder().failedRecordCount(1).records(
                PutRecordsResultEntry.builder().shardId("s").sequenceNumber("1").build(),
                PutRecordsResultEntry.builder().shardId("s").sequenceNumber("2").build()).build());

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1")));
        scheduler.runRequests();
        scheduler.advance(BACKOFF);

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1", "B=b1"), List.of("A=a1", "B=b1"));
    }

    @Test
    void shouldFailTheTaskNamingStreamAndCountsWhenRetriesRunOut() {
        start();
        kinesis.thenFailEntries("InternalFailure", 1).thenFailEntries("InternalFailure", 0)
                .thenFailEntries("InternalFailure", 0);
        String expected = "Gave up after 3 attempts: Kinesis stream 'out': AWS server error (InternalFailure): "
                + "Internal service failure. 1 of 1 records in the last PutRecords request to Kinesis stream 'out' "
                + "failed; the first is at topic 'orders', partition 0, offset 1";

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1"), rec(2, "B", "b2")));
        scheduler.runRequests();
        scheduler.advance(BACKOFF);
        scheduler.advance(BACKOFF);
        scheduler.advance(BACKOFF);

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1", "B=b1"), List.of("B=b1"),
                List.of("B=b1"));
        assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class).hasMessage(expected);
        assertThatThrownBy(() -> task.preCommit(delivered(3))).isInstanceOf(ConnectException.class)
                .hasMessage(expected);
    }

    @Test
    void shouldKeepRetryingThrottledEntriesPastTheAttemptLimit() {
        start();
        for (int i = 0; i < 6; i++) {
            kinesis.thenFailEntries(THROTTLED, 0);
        }

        task.put(List.of(rec(0, "A", "a1"), rec(1, "A", "a2")));
        for (int i = 0; i < 7; i++) {
            scheduler.advance(BACKOFF);
        }

        assertThat(kinesis.entriesPerRequest()).hasSize(8).startsWith(List.of("A=a1"), List.of("A=a1"))
                .endsWith(List.of("A=a1"), List.of("A=a2"));
        assertThat(task.preCommit(delivered(2))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(2)));
    }

    @Test
    void shouldSendLingeringRecordsAtOnceWhenOffsetsAreAboutToBeCommitted() {
        start("kinesis.batch.linger.ms", "60000", "kinesis.flush.timeout.ms", "20");

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1")));
        assertThat(scheduler.inFlight()).as("lingering").isZero();
        // the flush sends at once; this scheduler runs the request only when told, so the flush times out
        assertThat(task.preCommit(delivered(2))).isEmpty();
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1", "B=b1"));
        assertThat(task.preCommit(delivered(2))).containsExactly(entry(ORDERS_0, new OffsetAndMetadata(2)));
    }

    @Test
    void shouldFailFastWithoutRetryingWhenTheStreamDoesNotExist() {
        start();
        kinesis.thenThrow(serviceError(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400,
                "Stream out under account 123456789012 not found."));

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1")));
        scheduler.advance(BACKOFF);

        assertThat(kinesis.requests()).hasSize(1);
        assertThatThrownBy(() -> task.put(List.of(rec(2, "C", "c1")))).isInstanceOf(ConnectException.class)
                .hasMessage("Kinesis stream 'out' was not found in region eu-west-1 at the regional AWS endpoint "
                        + "(ResourceNotFoundException, HTTP 400): Stream out under account 123456789012 not found. "
                        + "Check kinesis.stream and aws.region. 2 of 2 records in the last PutRecords request to "
                        + "Kinesis stream 'out' failed; the first is at topic 'orders', partition 0, offset 0");
    }

    @Test
    void shouldFailFastOnAnAuthorizationErrorNamingTheCredentialSettings() {
        start();
        kinesis.thenThrow(serviceError(AccessDeniedException.builder(), "AccessDeniedException", 400,
                "User is not authorized to perform: kinesis:PutRecords"));

        task.put(List.of(rec(0, "A", "a1")));
        scheduler.runRequests();

        assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                .hasMessage("Kinesis stream 'out': AWS refused the credentials or denied the action "
                        + "(AccessDeniedException, HTTP 400): User is not authorized to perform: kinesis:PutRecords. "
                        + "Check the worker's default AWS credentials (environment, system properties, profile, "
                        + "container or instance role), or set aws.access.key.id/aws.secret.access.key or "
                        + "aws.sts.role.arn, and that the IAM policy allows this action on Kinesis stream 'out'. "
                        + "1 of 1 records in the last PutRecords request to Kinesis stream 'out' failed; the first is "
                        + "at topic 'orders', partition 0, offset 0");
    }

    // ---- in flight

    @Test
    void shouldKeepSeveralRequestsInFlightOnlyForDisjointKeys() {
        start("kinesis.max.in.flight.requests", "2", "kinesis.batch.max.records", "2");

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1"), rec(2, "C", "c1"), rec(3, "D", "d1"),
                rec(4, "A", "a2"), rec(5, "E", "e1")));
        assertThat(scheduler.inFlight()).isEqualTo(2);
        scheduler.runRequest(1);
        assertThat(scheduler.inFlight()).isEqualTo(2);
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("C=c1", "D=d1"), List.of("A=a1", "B=b1"),
                List.of("E=e1"), List.of("A=a2"));
    }

    @Test
    void shouldHaveOneRequestInFlightWhenSoConfigured() {
        start("kinesis.max.in.flight.requests", "1", "kinesis.batch.max.records", "1");

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1")));

        assertThat(scheduler.inFlight()).isEqualTo(1);
        scheduler.runRequest(0);
        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1"));
        assertThat(scheduler.inFlight()).isEqualTo(1);
    }

    // ---- offsets

    @Test
    void shouldCommitOnlyUpToTheFirstUnacknowledgedRecordOfEachPartition() {
        start("kinesis.max.in.flight.requests", "2", "kinesis.batch.max.records", "1");

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1")));
        scheduler.runRequest(1);
        Map<TopicPartition, OffsetAndMetadata> current = Map.of(ORDERS_0, new OffsetAndMetadata(2),
                ORDERS_1, new OffsetAndMetadata(40));

        assertThat(task.preCommit(current)).containsExactly(entry(ORDERS_1, new OffsetAndMetadata(40)));
        scheduler.runRequests();
        assertThat(task.preCommit(current)).containsOnly(entry(ORDERS_0, new OffsetAndMetadata(2)),
                entry(ORDERS_1, new OffsetAndMetadata(40)));
    }

    @Test
    void shouldDropWaitingRecordsOfClosedPartitionsAndNotRetryTheirFailures() {
        start("kinesis.max.in.flight.requests", "1", "kinesis.batch.max.records", "1");
        kinesis.thenFailEntries(THROTTLED, 0);

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1")));
        task.close(List.of(ORDERS_0));
        scheduler.advance(BACKOFF);
        scheduler.advance(BACKOFF);

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1"));
    }

    // ---- linger and backpressure

    @Test
    void shouldLingerForMoreRecordsUnlessTheRequestIsFull() {
        start("kinesis.batch.linger.ms", "100", "kinesis.batch.max.records", "3");

        task.put(List.of(rec(0, "A", "a1"), rec(1, "B", "b1"), rec(2, "C", "c1"), rec(3, "D", "d1")));
        scheduler.runRequests();
        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1", "B=b1", "C=c1"));

        scheduler.advance(Duration.ofMillis(99));
        assertThat(kinesis.requests()).hasSize(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1", "B=b1", "C=c1"), List.of("D=d1"));
    }

    @Test
    void shouldPauseThePartitionsWhileTooMuchWaitsAndResumeWhenDrained() {
        start("kinesis.max.in.flight.requests", "1");

        task.put(IntStream.range(0, 1000).mapToObj(i -> rec(i, "k" + i, "v")).toList());

        assertThat(context.paused()).containsExactlyInAnyOrder(ORDERS_0, ORDERS_1);
        assertThat(context.timeoutMs()).isEqualTo(100);
        scheduler.runRequests();
        task.put(List.of());
        assertThat(context.paused()).isEmpty();
        assertThat(kinesis.entryCounts()).containsExactly(500, 500);
    }

    @Test
    void shouldNotLeaveAPartitionPausedForGoodWhenARebalanceHappensWhilePaused() {
        start("kinesis.max.in.flight.requests", "1");
        task.put(IntStream.range(0, 1000).mapToObj(i -> rec(i, "k" + i, "v")).toList());
        assertThat(context.paused()).containsExactlyInAnyOrder(ORDERS_0, ORDERS_1);

        // revocation: Connect closes the partitions, then polls (and calls put) with nothing assigned
        task.close(List.of(ORDERS_0, ORDERS_1));
        context.reassign();
        task.put(List.of());
        // assignment: Connect re-pauses the partitions the task had paused, then opens them
        context.reassign(ORDERS_1);
        context.pause(ORDERS_1);
        task.open(List.of(ORDERS_1));
        task.put(List.of());

        assertThat(context.paused()).isEmpty();
    }

    // ---- partition key sources and routing

    @Test
    void shouldTakeThePartitionKeyFromAJsonFieldPath() {
        start("kinesis.partition.key.source", "FIELD", "kinesis.partition.key.field", "customer.id",
                "errors.tolerance", TOLERATE_ALL);

        task.put(List.of(rec(0, null, "{\"n\":[1,{\"id\":0}],\"customer\":{\"name\":\"x\",\"id\":\"c-7\"}}"),
                rec(1, null, "{\"customer\":{\"id\":42}}"),
                rec(2, null, "{\"customer\":{}}"),
                rec(3, null, "not json"),
                rec(4, null, "{\"customer\":{\"id\":null}}")));
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of(
                "c-7={\"n\":[1,{\"id\":0}],\"customer\":{\"name\":\"x\",\"id\":\"c-7\"}}",
                "42={\"customer\":{\"id\":42}}"));
        String prefix = "Cannot send the record at topic 'orders', partition 0, offset ";
        assertThat(reporter.messages()).containsExactly(
                prefix + "2 to Kinesis stream 'out': the value has no field 'customer.id' "
                        + "(kinesis.partition.key.field)",
                prefix + "3 to Kinesis stream 'out': the value is not a JSON object, so it has no field "
                        + "'customer.id' (kinesis.partition.key.field)",
                prefix + "4 to Kinesis stream 'out': field 'customer.id' is null (kinesis.partition.key.field)");
    }

    @Test
    void shouldTakeThePartitionKeyFromAHeader() {
        start("kinesis.partition.key.source", "HEADER", "kinesis.partition.key.header", "pk",
                "errors.tolerance", TOLERATE_ALL);
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("other", "o").addString("pk", "first").addString("pk", "p-1");

        task.put(List.of(SinkRecords.withHeaders("orders", 0, 0, "ignored", utf8("a"), headers),
                rec(1, "ignored", "b")));
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("p-1=a"));
        assertThat(reporter.messages()).containsExactly("Cannot send the record at topic 'orders', partition 0, "
                + "offset 1 to Kinesis stream 'out': the record has no header 'pk' (kinesis.partition.key.header)");
    }

    @Test
    void shouldTakeThePartitionKeyFromTheKafkaPartition() {
        start("kinesis.partition.key.source", "KAFKA_PARTITION");

        task.put(List.of(record("orders", 3, 0, "x", utf8("a")), record("orders", 0, 0, "y", utf8("b")),
                record("orders", 3, 1, "z", utf8("c"))));
        scheduler.runRequests();

        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("3=a", "0=b"), List.of("3=c"));
    }

    @Test
    void shouldRouteTopicsToTheirMappedStreams() {
        start("kinesis.stream", null, "kinesis.stream.mapping", "orders:orders-out,returns:returns-out",
                "topics", null, "topics.regex", "orders|returns|other");

        task.put(List.of(rec(0, "A", "a1"), record("returns", 0, 0, "R", utf8("r1")), rec(1, "B", "b1")));
        scheduler.runRequests();

        assertThat(kinesis.requests()).extracting(request -> request.streamName())
                .containsExactly("orders-out", "returns-out");
        assertThat(kinesis.entriesPerRequest()).containsExactly(List.of("A=a1", "B=b1"), List.of("R=r1"));
        assertThatThrownBy(() -> task.put(List.of(record("other", 2, 9, "O", utf8("o")))))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Topic 'other' has no entry in kinesis.stream.mapping (record at topic 'other', "
                        + "partition 2, offset 9); add other:<stream> to kinesis.stream.mapping");
    }

    @Test
    void shouldNameTheMappingSettingWhenAMappedStreamIsMissing() {
        start("kinesis.stream", null, "kinesis.stream.mapping", "orders:orders-out");
        kinesis.thenThrow(serviceError(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400,
                "Stream orders-out under account 123456789012 not found."));

        task.put(List.of(rec(0, "A", "a1")));
        scheduler.runRequests();

        assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("Kinesis stream 'orders-out' was not found in region eu-west-1 at the "
                        + "regional AWS endpoint (ResourceNotFoundException, HTTP 400): Stream orders-out under "
                        + "account 123456789012 not found. Check kinesis.stream.mapping and aws.region. ");
    }

    @Test
    void shouldCloseTheClientAndTheSchedulerOnStop() {
        start();

        task.stop();
        task = null;

        assertThat(kinesis.closed()).isTrue();
        assertThat(scheduler.closed()).isTrue();
    }
}
