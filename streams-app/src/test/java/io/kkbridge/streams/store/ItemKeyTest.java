package io.kkbridge.streams.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class ItemKeyTest {

    @Test
    void shouldRoundTripPartitionAndSortKeys() {
        for (ItemKey key : List.of(new ItemKey("C1", "P-1"), ItemKey.of("315"), new ItemKey("Köln", "ä/€/𝄞"),
                new ItemKey("a", ""))) {
            assertThat(ItemKey.fromBytes(key.toBytes())).isEqualTo(key);
        }
        assertThat(new String(ItemKey.partitionKeyBytes(new ItemKey("Köln", "x").toBytes()),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("Köln");
    }

    @Test
    void shouldKeepEachPartitionContiguousAndSortedByUtf8Bytes() {
        // "C1" is a prefix of "C10": without the length prefix C10's items would sort inside C1's
        List<ItemKey> keys = new ArrayList<>(List.of(new ItemKey("C1", "b"), new ItemKey("C10", "a"),
                new ItemKey("C1", "a"), new ItemKey("C1", ""), new ItemKey("C1", "é"), new ItemKey("C1", "z"),
                new ItemKey("C1", "aa"), new ItemKey("C10", "0"), new ItemKey("C1", "B")));
        keys.sort((a, b) -> a.toStoreKey().compareTo(b.toStoreKey()));

        List<String> c1 = new ArrayList<>();
        int firstC10 = -1;
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).partitionKey().equals("C1")) {
                assertThat(firstC10).as("every C1 item before any C10 item").isEqualTo(-1);
                c1.add(keys.get(i).sortKey());
            } else if (firstC10 < 0) {
                firstC10 = i;
            }
        }
        // unsigned UTF-8 byte order, DynamoDB's order of string sort keys: upper case before lower, é after z
        assertThat(c1).containsExactly("", "B", "a", "aa", "b", "z", "é");
        assertThat(keys.subList(firstC10, keys.size())).extracting(ItemKey::sortKey).containsExactly("0", "a");
    }

    @Test
    void shouldCompareStoreKeysAsUnsignedBytes() {
        Bytes ascii = new ItemKey("p", "z").toStoreKey();
        Bytes nonAscii = new ItemKey("p", "é").toStoreKey();
        assertThat(ascii.compareTo(nonAscii)).isNegative();
    }

    @Test
    void shouldRefuseAnEmptyPartitionKeyAndUndecodableBytes() {
        assertThatThrownBy(() -> ItemKey.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ItemKey.fromBytes(new byte[] {0, 0, 0, 9, 'a'}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 9");
    }
}
