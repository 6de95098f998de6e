package io.kkbridge.connect.kinesis.sink;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.sink.SinkRecord;

/** Stream, partition key and bytes of a Kafka record, checked against the Kinesis record limit. */
public final class KinesisRecordPreparer implements RecordPreparer {

    /** One Kinesis record: data and partition key together at most 1 MiB. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final Destinations destinations;
    private final PartitionKeyExtractor keys;

    public KinesisRecordPreparer(Destinations destinations, PartitionKeyExtractor keys) {
        this.destinations = destinations;
        this.keys = keys;
    }

    @Override
    public PreparedRecord prepare(SinkRecord record) throws UnsendableRecordException {
        String stream = destinations.streamFor(record);
        String destination = destinations.resource(stream).description();
        byte[] data = RecordValueBytes.of(record.value(), destination);
        String key = keys.keyOf(record, data, destination);
        int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        long size = (long) data.length + keyBytes;
        if (size > MAX_RECORD_BYTES) {
            throw new UnsendableRecordException(destination, "the record has " + size + " bytes (" + data.length
                    + " of data and " + keyBytes + " of partition key), over the Kinesis limit of "
                    + MAX_RECORD_BYTES + " bytes per record");
        }
        return new PreparedRecord(stream, key, data, (int) size);
    }
}
