package io.kkbridge.connect.it;

import static io.kkbridge.connect.it.CommittedTopic.header;
import static io.kkbridge.connect.it.CommittedTopic.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;

/**
 * Records numbered 0, 1, 2, ... spread over a number of partition keys, each saying which of its key's records it is,
 * and the check that every one arrived once and each key's in the order written.
 */
final class KeyedRecords {

    private final int keys;

    KeyedRecords(int keys) {
        this.keys = keys;
    }

    /** Records {@code from} to {@code from + size - 1}: record i belongs to key i % keys. */
    List<PutEntry> batch(int from, int size) {
        List<PutEntry> entries = new ArrayList<>();
        for (int i = from; i < from + size; i++) {
            entries.add(PutEntry.of("device-" + (i % keys), (i % keys) + ":" + (i / keys)));
        }
        return entries;
    }

    /**
     * Asserts that records 0 to {@code count - 1} each arrived once, each key's in the order written.
     *
     * @return the shards the records came from
     */
    Set<String> assertOncePerKeyInOrder(List<ConsumerRecord<byte[], byte[]>> records, int count) {
        assertThat(records).hasSize(count);
        Map<String, Integer> nextOfKey = new HashMap<>();
        Set<String> shardsRead = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) { // in partition order: a key has one partition
            String[] keyAndIndex = text(record.value()).split(":");
            String key = "device-" + keyAndIndex[0];
            assertThat(text(record.key())).isEqualTo(key);
            int expected = nextOfKey.getOrDefault(key, 0);
            assertThat(Integer.parseInt(keyAndIndex[1])).as("next record of %s", key).isEqualTo(expected);
            nextOfKey.put(key, expected + 1);
            shardsRead.add(header(record, "kinesis.shard.id"));
        }
        assertThat(nextOfKey).hasSize(keys).allSatisfy((key, n) -> assertThat(n).isEqualTo(count / keys));
        return shardsRead;
    }
}
