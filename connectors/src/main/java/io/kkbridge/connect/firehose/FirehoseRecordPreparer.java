package io.kkbridge.connect.firehose;

import io.kkbridge.connect.kinesis.sink.Destinations;
import io.kkbridge.connect.kinesis.sink.PreparedRecord;
import io.kkbridge.connect.kinesis.sink.RecordPreparer;
import io.kkbridge.connect.kinesis.sink.RecordValueBytes;
import io.kkbridge.connect.kinesis.sink.UnsendableRecordException;
import org.apache.kafka.connect.sink.SinkRecord;

/** Delivery stream and delimited bytes of a Kafka record, checked against the Firehose record limit. */
public final class FirehoseRecordPreparer implements RecordPreparer {

    /** One Firehose record: at most 1,000 KiB, delimiter included. */
    public static final int MAX_RECORD_BYTES = 1000 * 1024;

    private final Destinations destinations;
    private final RecordDelimiter delimiter;

    public FirehoseRecordPreparer(Destinations destinations, RecordDelimiter delimiter) {
        this.destinations = destinations;
        this.delimiter = delimiter;
    }

    @Override
    public PreparedRecord prepare(SinkRecord record) throws UnsendableRecordException {
        String stream = destinations.streamFor(record);
        String destination = destinations.resource(stream).description();
        byte[] data = delimiter.appendTo(RecordValueBytes.of(record.value(), destination));
        if (data.length > MAX_RECORD_BYTES) {
            throw new UnsendableRecordException(destination, "the record has " + data.length + " bytes with its "
                    + "delimiter, over the Firehose limit of " + MAX_RECORD_BYTES + " bytes (1,000 KiB) per record");
        }
        // no ordering key: Firehose keeps no order, so records need not wait for each other
        return new PreparedRecord(stream, null, data, data.length);
    }
}
