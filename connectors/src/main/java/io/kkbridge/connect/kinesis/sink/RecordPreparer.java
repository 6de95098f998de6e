package io.kkbridge.connect.kinesis.sink;

import org.apache.kafka.connect.sink.SinkRecord;

/** The sink-specific step from a Kafka record to a put entry: destination, key, bytes and size checks. */
@FunctionalInterface
public interface RecordPreparer {

    /**
     * @param record a record with a non-null value
     * @throws UnsendableRecordException if this record can never be sent, with the reason
     * @throws org.apache.kafka.connect.errors.ConnectException for a problem of the configuration rather than of
     *                                                          the record, such as a topic without a destination
     */
    PreparedRecord prepare(SinkRecord record) throws UnsendableRecordException;
}
