package io.kkbridge.connect.kinesis.aggregation;

import static io.kkbridge.connect.kinesis.aggregation.HandBuiltAggregate.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AggregationFormatTest {

    @Test
    void shouldRecognizeTheKplMagicAtTheStart() {
        assertThat(AggregationFormat.hasMagic(bytes(0xF3, 0x89, 0x9A, 0xC2))).isTrue();
        assertThat(AggregationFormat.hasMagic(HandBuiltAggregate.aggregate())).isTrue();
    }

    @Test
    void shouldNotRecognizeOtherOrShorterData() {
        assertThat(AggregationFormat.hasMagic(bytes(0xF3, 0x89, 0x9A))).isFalse();
        assertThat(AggregationFormat.hasMagic(bytes(0xF3, 0x89, 0x9A, 0xC3))).isFalse();
        assertThat(AggregationFormat.hasMagic(bytes(0x00, 0xF3, 0x89, 0x9A, 0xC2))).isFalse();
        assertThat(AggregationFormat.hasMagic(new byte[0])).isFalse();
    }
}
