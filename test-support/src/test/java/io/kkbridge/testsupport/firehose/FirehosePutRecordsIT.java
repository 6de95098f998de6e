package io.kkbridge.testsupport.firehose;

import static io.kkbridge.testsupport.firehose.FirehoseTestSupport.createRequest;
import static io.kkbridge.testsupport.firehose.FirehoseTestSupport.eventually;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

class FirehosePutRecordsIT {

    private static final int KIB = 1024;
    private static final DateTimeFormatter HOUR_PREFIX =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path deliveryRoot;

    private LocalFirehose firehose;
    private FirehoseClient client;

    @BeforeEach
    void start() {
        firehose = LocalFirehose.start(deliveryRoot);
        client = FirehoseTestSupport.sdkClient(firehose);
    }

    @AfterEach
    void stop() {
        client.close();
        firehose.close();
    }

    @Test
    void shouldDeliverPutRecordBytesExactlyInFirehoseKeyLayout() throws Exception {
        client.createDeliveryStream(createRequest("clicks", "lake", null, 5, 300));
        Instant before = Instant.now();

        PutRecordResponse first = client.putRecord(r -> r.deliveryStreamName("clicks")
                .record(Record.builder().data(SdkBytes.fromUtf8String("hello")).build()));
        client.putRecord(r -> r.deliveryStreamName("clicks")
                .record(Record.builder().data(SdkBytes.fromUtf8String(" world\n")).build()));
        assertThat(firehose.deliveredObjects("clicks")).as("buffered until flushed").isEmpty();
        firehose.flush();

        assertThat(first.recordId()).isNotBlank();
        assertThat(first.encrypted()).isFalse();
        List<DeliveredObject> objects = firehose.deliveredObjects("clicks");
        assertThat(objects).hasSize(1);
        DeliveredObject object = objects.get(0);
        Instant arrival = object.oldestRecordArrival();
        assertThat(arrival).isBetween(before, Instant.now());
        assertThat(object.bucket()).isEqualTo("lake");
        assertThat(object.key()).matches(HOUR_PREFIX.format(arrival)
                + "clicks-1-" + NAME_TIME.format(arrival) + "-" + UUID_PATTERN);
        assertThat(object.file()).isEqualTo(deliveryRoot.resolve("lake").resolve(object.key()));
        assertThat(Files.readString(object.file())).isEqualTo("hello world\n");
        assertThat(firehose.deliveredRecords("clicks")).map(bytes -> new String(bytes, UTF_8))
                .containsExactly("hello", " world\n");
    }

    @Test
    void shouldDeliverPutRecordBatchInOrderUnderTheCustomPrefix() {
        client.createDeliveryStream(createRequest("usa", "lake", "user-activity/usa/", 5, 300));
        byte[] allByteValues = new byte[256];
        for (int i = 0; i < allByteValues.length; i++) {
            allByteValues[i] = (byte) i;
        }
        List<byte[]> sent = List.of(
                "{\"id\":1}".getBytes(UTF_8), allByteValues, new byte[0], "{\"id\":2}".getBytes(UTF_8));

        PutRecordBatchResponse response = client.putRecordBatch(r -> r.deliveryStreamName("usa")
                .records(sent.stream().map(data -> Record.builder().data(SdkBytes.fromByteArray(data)).build())
                        .toList()));
        firehose.flush();

        assertThat(response.failedPutCount()).isZero();
        assertThat(response.encrypted()).isFalse();
        assertThat(response.requestResponses()).hasSize(4).allSatisfy(entry -> {
            assertThat(entry.recordId()).isNotBlank();
            assertThat(entry.errorCode()).isNull();
        });
        assertThat(firehose.deliveredObjects("usa")).singleElement()
                .satisfies(object -> assertThat(object.key()).startsWith("user-activity/usa/"
                        + HOUR_PREFIX.format(object.oldestRecordArrival()) + "usa-1-"));
        assertThat(firehose.deliveredRecords("usa")).containsExactlyElementsOf(sent);
        assertThat(firehose.deliveredBytes("usa")).isEqualTo(concat(sent));
    }

    @Test
    void shouldDeliverByItselfWhenTheIntervalHintElapses() throws Exception {
        client.createDeliveryStream(createRequest("fast", "lake", null, 5, 1));

        client.putRecord(r -> r.deliveryStreamName("fast")
                .record(Record.builder().data(SdkBytes.fromUtf8String("tick")).build()));

        assertThat(eventually(Duration.ofSeconds(10), () -> !firehose.deliveredObjects("fast").isEmpty())).isTrue();
        assertThat(firehose.deliveredBytes("fast")).isEqualTo("tick".getBytes(UTF_8));
    }

    @Test
    void shouldDeliverAtOnceWhenTheSizeHintIsReached() {
        client.createDeliveryStream(createRequest("big", "lake", null, 1, 900));
        byte[] a = filled(600 * KIB, 'a');
        byte[] b = filled(600 * KIB, 'b');

        client.putRecordBatch(r -> r.deliveryStreamName("big").records(record(a), record(b)));

        assertThat(firehose.deliveredObjects("big")).singleElement()
                .satisfies(object -> assertThat(object.sizeBytes()).isEqualTo(1200L * KIB));
        assertThat(firehose.deliveredBytes("big")).isEqualTo(concat(List.of(a, b)));
    }

    @Test
    void shouldAnswerInvalidArgumentBeyondTheServiceLimits() {
        client.createDeliveryStream(createRequest("limits", "lake", null, 128, 900));
        byte[] maxRecord = filled(1_000 * KIB, 'm');
        byte[] tooLarge = filled(1_000 * KIB + 1, 'x');
        List<Record> fiveHundredOne = IntStream.range(0, 501).mapToObj(i -> record(new byte[] {(byte) i})).toList();
        List<Record> fourMaxRecords = Collections.nCopies(4, record(maxRecord));
        List<Record> fiveMaxRecords = Collections.nCopies(5, record(maxRecord));

        assertInvalidArgument(() -> client.putRecordBatch(r -> r.deliveryStreamName("limits")
                .records(fiveHundredOne)), "at most 500");
        assertInvalidArgument(() -> client.putRecordBatch(r -> r.deliveryStreamName("limits")
                .records(fiveMaxRecords)), "at most 4194304 bytes");
        assertInvalidArgument(() -> client.putRecordBatch(r -> r.deliveryStreamName("limits")
                .records(record(tooLarge))), "at most 1024000 bytes");
        assertInvalidArgument(() -> client.putRecord(r -> r.deliveryStreamName("limits")
                .record(record(tooLarge))), "at most 1024000 bytes");
        PutRecordBatchResponse atTheLimits = client.putRecordBatch(r -> r.deliveryStreamName("limits")
                .records(fourMaxRecords));
        client.putRecord(r -> r.deliveryStreamName("limits").record(record(maxRecord)));
        firehose.flush();

        assertThat(atTheLimits.failedPutCount()).isZero();
        assertThat(firehose.deliveredRecords("limits")).hasSize(5).allSatisfy(bytes -> assertThat(bytes)
                .isEqualTo(maxRecord));
        FirehoseCounters counters = firehose.counters();
        assertThat(counters.of(FirehoseOperation.PUT_RECORD_BATCH)).satisfies(batch -> {
            assertThat(batch.calls()).isEqualTo(4);
            assertThat(batch.errors("InvalidArgumentException")).isEqualTo(3);
            assertThat(batch.recordsRejected()).isEqualTo(501 + 5 + 1);
            assertThat(batch.recordsAccepted()).isEqualTo(4);
        });
        assertThat(counters.of(FirehoseOperation.PUT_RECORD).recordsRejected()).isEqualTo(1);
        assertThat(counters.recordsAccepted()).isEqualTo(5);
    }

    @Test
    void shouldAnswerResourceNotFoundForAnUnknownStream() {
        assertThatThrownBy(() -> client.putRecord(r -> r.deliveryStreamName("missing")
                .record(record(new byte[] {1}))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                })
                .hasMessageContaining("Firehose stream missing under account 000000000000 not found.");
        assertThatThrownBy(() -> client.putRecordBatch(r -> r.deliveryStreamName("missing")
                .records(record(new byte[] {1}))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(firehose.counters().recordsRejected()).isEqualTo(2);
    }

    @Test
    void shouldDeliverWhatIsBufferedWhenClosedOrDeleted() {
        client.createDeliveryStream(createRequest("kept", "lake", null, 5, 300));
        client.createDeliveryStream(createRequest("gone", "lake", null, 5, 300));
        client.putRecord(r -> r.deliveryStreamName("kept").record(record("k".getBytes(UTF_8))));
        client.putRecord(r -> r.deliveryStreamName("gone").record(record("g".getBytes(UTF_8))));

        client.deleteDeliveryStream(r -> r.deliveryStreamName("gone"));
        assertThat(firehose.deliveredBytes("gone")).isEqualTo("g".getBytes(UTF_8));
        firehose.close();

        assertThat(firehose.deliveredBytes("kept")).isEqualTo("k".getBytes(UTF_8));
    }

    private static void assertInvalidArgument(Runnable call, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400))
                .hasMessageContaining(messagePart);
    }

    static Record record(byte[] data) {
        return Record.builder().data(SdkBytes.fromByteArray(data)).build();
    }

    private static byte[] filled(int size, char value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
