package io.kkbridge.connect.kinesis.aggregation;

import static io.kkbridge.connect.kinesis.aggregation.HandBuiltAggregate.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordAggregatorTest {

    private final RecordDeaggregator deaggregator = new RecordDeaggregator();

    @Test
    void shouldEncodeByteForByteAsTheHandBuiltAggregateFromTheSpec() {
        List<Aggregate> aggregates = new RecordAggregator().aggregate(HandBuiltAggregate.USER_RECORDS);

        assertThat(aggregates).hasSize(1);
        Aggregate aggregate = aggregates.get(0);
        assertThat(aggregate.data()).isEqualTo(HandBuiltAggregate.aggregate());
        assertThat(aggregate.partitionKey()).isEqualTo("a");
        assertThat(aggregate.explicitHashKey()).isNull();
        assertThat(aggregate.userRecords()).containsExactlyElementsOf(HandBuiltAggregate.USER_RECORDS);
        assertThat(aggregate.isAggregated()).isTrue();
    }

    @Test
    void shouldRoundTripRecordsWithRepeatedKeysUnicodeAndBinaryData() throws Exception {
        List<UserRecord> records = List.of(
                new UserRecord("customer-1", null, utf8("{\"n\":1}")),
                new UserRecord("kunde-ü-€-😀", "340282366920938463463374607431768211455", new byte[] {0, -1, 127}),
                new UserRecord("customer-1", "0", utf8("{\"n\":3}")),
                new UserRecord("customer-1", null, new byte[0]));

        List<Aggregate> aggregates = new RecordAggregator().aggregate(records);

        assertThat(aggregates).hasSize(1);
        assertThat(deaggregator.deaggregate("ignored", null, aggregates.get(0).data()))
                .extracting(DeaggregatedRecord::userRecord)
                .containsExactlyElementsOf(records);
    }

    @Test
    void shouldStoreEachDistinctPartitionKeyOnceInTheTable() {
        List<UserRecord> records = IntStream.range(0, 100)
                .mapToObj(i -> UserRecord.of("same-long-partition-key-" + "x".repeat(100), new byte[] {(byte) i}))
                .toList();

        byte[] data = new RecordAggregator().aggregate(records).get(0).data();

        // 20 framing + key entry (1 tag + 1 length + 124) + 100 records of (1 tag + 1 length + 2 index + 3 data)
        assertThat(data).hasSize(20 + 126 + 100 * 7);
    }

    @Test
    void shouldSplitIntoAggregatesThatEachStayWithinTheLimitAndKeepOrder() throws Exception {
        // each record: 1 tag + 2 length + (2 index + 1 tag + 2 length + 200 data) = 208 bytes; key entry: 3 bytes
        List<UserRecord> records = IntStream.range(0, 10)
                .mapToObj(i -> UserRecord.of("k", filled(200, i))).toList();
        int limit = 20 + 3 + 3 * 208; // exactly three records fit

        List<Aggregate> aggregates = new RecordAggregator(limit).aggregate(records);

        assertThat(aggregates).extracting(aggregate -> aggregate.userRecords().size()).containsExactly(3, 3, 3, 1);
        assertThat(aggregates).allSatisfy(aggregate -> assertThat(aggregate.data().length).isLessThanOrEqualTo(limit));
        assertThat(aggregates.get(0).data()).hasSize(limit);
        List<UserRecord> decoded = new ArrayList<>();
        for (Aggregate aggregate : aggregates) {
            deaggregator.deaggregate(aggregate.partitionKey(), null, aggregate.data())
                    .forEach(record -> decoded.add(record.userRecord()));
        }
        assertThat(decoded).containsExactlyElementsOf(records);
    }

    @Test
    void shouldSendASingleRecordAsPlainDataWithItsOwnKeys() {
        UserRecord record = new UserRecord("pk", "12345", utf8("plain"));

        List<Aggregate> aggregates = new RecordAggregator().aggregate(List.of(record));

        assertThat(aggregates).hasSize(1);
        assertThat(aggregates.get(0).data()).isEqualTo(utf8("plain"));
        assertThat(aggregates.get(0).partitionKey()).isEqualTo("pk");
        assertThat(aggregates.get(0).explicitHashKey()).isEqualTo("12345");
        assertThat(aggregates.get(0).isAggregated()).isFalse();
    }

    @Test
    void shouldSendRecordThatFitsOnlyWithoutFramingAloneAsPlainData() {
        int limit = 1000;
        UserRecord big = UserRecord.of("k", filled(990, 1));
        UserRecord small = UserRecord.of("k", filled(5, 2));

        List<Aggregate> aggregates = new RecordAggregator(limit).aggregate(List.of(small, big, small));

        assertThat(aggregates).extracting(Aggregate::userRecords)
                .containsExactly(List.of(small), List.of(big), List.of(small));
        assertThat(aggregates.get(1).data()).isEqualTo(big.data());
    }

    @Test
    void shouldUseTheFirstRecordsKeysForTheAggregate() {
        List<UserRecord> records = List.of(new UserRecord("first", "42", utf8("1")), UserRecord.of("second", utf8("2")));

        Aggregate aggregate = new RecordAggregator().aggregate(records).get(0);

        assertThat(aggregate.partitionKey()).isEqualTo("first");
        assertThat(aggregate.explicitHashKey()).isEqualTo("42");
    }

    @Test
    void shouldRejectARecordWhoseDataAloneExceedsTheLimit() {
        List<UserRecord> records = List.of(UserRecord.of("ok", new byte[10]), UserRecord.of("huge", new byte[101]));

        assertThatThrownBy(() -> new RecordAggregator(100).aggregate(records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user record 1 (partition key 'huge') has 101 bytes of data, over the 100-byte limit of "
                        + "one Kinesis record");
    }

    @Test
    void shouldReturnNoAggregatesForNoRecords() {
        assertThat(new RecordAggregator().aggregate(List.of())).isEmpty();
    }

    @Test
    void shouldDefaultToALimitJustUnderOneMebibyte() {
        assertThat(new RecordAggregator().maxAggregateBytes()).isEqualTo(1_047_552);
    }

    @Test
    void shouldRejectLimitsOutsideWhatKinesisAndTheFramingAllow() {
        assertThatThrownBy(() -> new RecordAggregator(20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAggregateBytes must be between 21 and 1048576, was 20");
        assertThatThrownBy(() -> new RecordAggregator(1_048_577)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAggregateBytes must be between 21 and 1048576, was 1048577");
    }

    @Test
    void shouldFillDefaultSizedAggregatesAsFarAsTheLimitAllows() throws Exception {
        List<UserRecord> records = IntStream.range(0, 3000)
                .mapToObj(i -> UserRecord.of("key-" + (i % 7), filled(1000, i))).toList();

        List<Aggregate> aggregates = new RecordAggregator().aggregate(records);

        // 20 framing + 7 key entries of 7 bytes + 1,008 bytes a record; a 1,040th record would need 1,048,389 bytes
        assertThat(aggregates).extracting(aggregate -> aggregate.userRecords().size()).containsExactly(1039, 1039, 922);
        assertThat(aggregates).extracting(aggregate -> aggregate.data().length)
                .containsExactly(20 + 49 + 1039 * 1008, 20 + 49 + 1039 * 1008, 20 + 49 + 922 * 1008);
    }

    private static byte[] filled(int size, int value) {
        byte[] data = new byte[size];
        java.util.Arrays.fill(data, (byte) value);
        return data;
    }
}
