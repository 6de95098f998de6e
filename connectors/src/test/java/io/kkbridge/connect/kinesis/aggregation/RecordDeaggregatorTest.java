package io.kkbridge.connect.kinesis.aggregation;

import static io.kkbridge.connect.kinesis.aggregation.HandBuiltAggregate.bytes;
import static io.kkbridge.connect.kinesis.aggregation.HandBuiltAggregate.utf8;
import static io.kkbridge.connect.kinesis.aggregation.HandBuiltAggregate.wrap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kkbridge.connect.kinesis.aggregation.CorruptAggregateException.Reason;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

class RecordDeaggregatorTest {

    private final RecordDeaggregator deaggregator = new RecordDeaggregator();

    @Test
    void shouldDecodeHandBuiltAggregateIntoItsUserRecordsWithKeysAndSubSequenceNumbers() throws Exception {
        List<DeaggregatedRecord> records = deaggregator.deaggregate("outer-key", null, HandBuiltAggregate.aggregate());

        assertThat(records).containsExactly(
                new DeaggregatedRecord(new UserRecord("a", null, utf8("x")), 0, true),
                new DeaggregatedRecord(new UserRecord("bb", "123", utf8("yz")), 1, true),
                new DeaggregatedRecord(new UserRecord("a", null, new byte[0]), 2, true));
    }

    @Test
    void shouldPassPlainRecordThroughAsOneUserRecordWithOuterKeys() throws Exception {
        byte[] data = utf8("{\"customer_id\":42}");

        List<DeaggregatedRecord> records = deaggregator.deaggregate("customer-42", "999", data);

        assertThat(records).containsExactly(
                new DeaggregatedRecord(new UserRecord("customer-42", "999", data), 0, false));
        assertThat(records.get(0).userRecord().data()).isSameAs(data);
    }

    @Test
    void shouldPassThroughDataShorterThanTheMagic() throws Exception {
        byte[] data = bytes(0xF3, 0x89);

        assertThat(deaggregator.deaggregate("k", null, data))
                .containsExactly(new DeaggregatedRecord(new UserRecord("k", null, data), 0, false));
    }

    @Test
    void shouldDeaggregateSdkRecordUsingItsPartitionKeyForPlainData() throws Exception {
        Record plain = Record.builder().partitionKey("pk-1").sequenceNumber("1")
                .data(SdkBytes.fromByteArray(utf8("hello"))).build();
        Record aggregated = Record.builder().partitionKey("outer").sequenceNumber("2")
                .data(SdkBytes.fromByteArray(HandBuiltAggregate.aggregate())).build();

        assertThat(deaggregator.deaggregate(plain))
                .containsExactly(new DeaggregatedRecord(new UserRecord("pk-1", null, utf8("hello")), 0, false));
        assertThat(deaggregator.deaggregate(aggregated)).extracting(DeaggregatedRecord::userRecord)
                .containsExactlyElementsOf(HandBuiltAggregate.USER_RECORDS);
    }

    @Test
    void shouldReturnNoUserRecordsForAnAggregateWithAnEmptyBody() throws Exception {
        assertThat(deaggregator.deaggregate("k", null, wrap(new byte[0]))).isEmpty();
    }

    @Test
    void shouldSkipTagsAndUnknownFields() throws Exception {
        byte[] body = bytes(
                0x0A, 0x01, 'k',
                0x28, 0x07,                           // unknown field 5, varint 7, in AggregatedRecord
                0x1A, 0x0E,
                /**/ 0x08, 0x00,
                /**/ 0x1A, 0x01, 'd',
                /**/ 0x22, 0x05, 0x0A, 0x01, 't', 0x12, 0x00,  // tags: {key "t", value ""}
                /**/ 0x30, 0x01);                     // unknown field 6 in Record

        assertThat(deaggregator.deaggregate("outer", null, wrap(body)))
                .containsExactly(new DeaggregatedRecord(new UserRecord("k", null, utf8("d")), 0, true));
    }

    @Test
    void shouldReportAggregateShorterThanMagicAndDigestAsTruncated() {
        byte[] data = Arrays.copyOf(HandBuiltAggregate.aggregate(), 19);

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, data))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
                .hasMessage("Corrupt KPL aggregated record (TRUNCATED): 19 bytes is shorter than the 20 bytes of "
                        + "magic and MD5 alone");
    }

    @Test
    void shouldReportAggregateCutShortInTransitAsDigestMismatch() {
        byte[] full = HandBuiltAggregate.aggregate();
        byte[] cut = Arrays.copyOf(full, full.length - 5);

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, cut))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH))
                .hasMessage("Corrupt KPL aggregated record (DIGEST_MISMATCH): the trailing MD5 does not match the "
                        + (cut.length - 20) + "-byte body");
    }

    @Test
    void shouldReportFlippedBodyByteAsDigestMismatchInsteadOfPassingItThroughAsPlainData() {
        byte[] data = HandBuiltAggregate.aggregate();
        data[10] ^= 0x01;

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, data))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    }

    @Test
    void shouldReportFlippedDigestByteAsDigestMismatch() {
        byte[] data = HandBuiltAggregate.aggregate();
        data[data.length - 1] ^= 0x01;

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, data))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    }

    @Test
    void shouldReportBodyTruncatedInsideARecordAsMalformedProtobuf() {
        byte[] body = Arrays.copyOf(HandBuiltAggregate.BODY, HandBuiltAggregate.BODY.length - 3);

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PROTOBUF))
                .hasMessageStartingWith("Corrupt KPL aggregated record (MALFORMED_PROTOBUF): ")
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldReportInvalidWireTypeAsMalformedProtobuf() {
        byte[] body = bytes(0x0F, 0x00); // field 1 with wire type 7, which does not exist

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PROTOBUF));
    }

    @Test
    void shouldReportRecordsFieldWithWrongWireTypeInsteadOfSkippingTheRecord() {
        byte[] body = bytes(0x0A, 0x01, 'k', 0x18, 0x05); // field 3 (records) as a varint

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PROTOBUF))
                .hasMessage("Corrupt KPL aggregated record (MALFORMED_PROTOBUF): AggregatedRecord field 3 has wire "
                        + "type 0 instead of 2");
    }

    @Test
    void shouldReportRecordFieldWithWrongWireType() {
        byte[] body = bytes(0x0A, 0x01, 'k', 0x1A, 0x06, 0x0A, 0x01, 0x00, 0x1A, 0x01, 'd'); // index as bytes

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PROTOBUF))
                .hasMessage("Corrupt KPL aggregated record (MALFORMED_PROTOBUF): record 0 field 1 has wire type 2 "
                        + "instead of 0");
    }

    @Test
    void shouldReportFieldNumberZeroAsMalformedProtobuf() {
        byte[] body = bytes(0x02, 0x00); // field 0 is reserved

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PROTOBUF));
    }

    @Test
    void shouldReportRecordLengthBeyondTheBodyAsMalformedProtobuf() {
        byte[] body = bytes(0x0A, 0x01, 'k', 0x1A, 0x7F, 0x08, 0x00);

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PROTOBUF));
    }

    @Test
    void shouldReportPartitionKeyIndexOutOfRange() {
        byte[] body = bytes(0x0A, 0x01, 'k', 0x1A, 0x05, 0x08, 0x01, 0x1A, 0x01, 'd');

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PARTITION_KEY_INDEX_OUT_OF_RANGE))
                .hasMessage("Corrupt KPL aggregated record (PARTITION_KEY_INDEX_OUT_OF_RANGE): record 0 refers to "
                        + "partition key index 1 but the table has 1 entries");
    }

    @Test
    void shouldReportPartitionKeyIndexAboveSignedLongRangeAsOutOfRange() {
        byte[] body = bytes(0x0A, 0x01, 'k', 0x1A, 0x0E,
                0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, // uint64 max
                0x1A, 0x01, 'd');

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PARTITION_KEY_INDEX_OUT_OF_RANGE))
                .hasMessageContaining("partition key index 18446744073709551615 but the table has 1 entries");
    }

    @Test
    void shouldReportExplicitHashKeyIndexOutOfRange() {
        byte[] body = bytes(0x0A, 0x01, 'k', 0x12, 0x01, '7',
                0x1A, 0x05, 0x08, 0x00, 0x1A, 0x01, 'd',
                0x1A, 0x07, 0x08, 0x00, 0x10, 0x02, 0x1A, 0x01, 'e');

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EXPLICIT_HASH_KEY_INDEX_OUT_OF_RANGE))
                .hasMessage("Corrupt KPL aggregated record (EXPLICIT_HASH_KEY_INDEX_OUT_OF_RANGE): record 1 refers "
                        + "to explicit hash key index 2 but the table has 1 entries");
    }

    @Test
    void shouldReportRecordWithoutPartitionKeyIndexAsMissingRequiredField() {
        byte[] body = bytes(0x0A, 0x01, 'k', 0x1A, 0x03, 0x1A, 0x01, 'd');

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_REQUIRED_FIELD))
                .hasMessage("Corrupt KPL aggregated record (MISSING_REQUIRED_FIELD): record 0 has no "
                        + "partition_key_index");
    }

    @Test
    void shouldReportRecordWithoutDataAsMissingRequiredField() {
        byte[] body = bytes(0x0A, 0x01, 'k', 0x1A, 0x02, 0x08, 0x00);

        assertThatThrownBy(() -> deaggregator.deaggregate("k", null, wrap(body)))
                .isInstanceOfSatisfying(CorruptAggregateException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_REQUIRED_FIELD))
                .hasMessage("Corrupt KPL aggregated record (MISSING_REQUIRED_FIELD): record 0 has no data");
    }
}
