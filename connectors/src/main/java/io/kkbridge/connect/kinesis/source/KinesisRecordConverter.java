package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.kinesis.aggregation.CorruptAggregateException;
import io.kkbridge.connect.kinesis.aggregation.DeaggregatedRecord;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Turns Kinesis records into Kafka Connect records.
 *
 * <p>Key: the partition key with {@link Schema#STRING_SCHEMA}. Kinesis defines a partition key as a Unicode string
 * (1 to 256 characters), so a string loses nothing, and it is what consumers group by: with the worker's default
 * StringConverter or JsonConverter the Kafka key is the partition key as text, which the Streams app and people
 * reading the topic can use directly. Bytes would force every reader to know the encoding. The partition key also
 * picks the Kafka partition (by the producer's hash of the key), so records of one key stay in order in Kafka too.
 *
 * <p>Value: the data bytes unchanged, {@link Schema#BYTES_SCHEMA}. Timestamp: the approximate arrival time (for a
 * de-aggregated record, the aggregate's). Headers: {@value #STREAM_HEADER}, {@value #SHARD_HEADER},
 * {@value #SEQUENCE_HEADER}, and {@value #SUB_SEQUENCE_HEADER} for a user record from a KPL aggregate.
 */
public final class KinesisRecordConverter {

    public static final String STREAM_HEADER = "kinesis.stream";
    public static final String SHARD_HEADER = "kinesis.shard.id";
    public static final String SEQUENCE_HEADER = "kinesis.sequence.number";
    public static final String SUB_SEQUENCE_HEADER = "kinesis.sub.sequence.number";
    public static final String ERROR_REASON_HEADER = "kinesis.error.reason";
    public static final String ERROR_MESSAGE_HEADER = "kinesis.error.message";

    private final String stream;
    private final String shardId;
    private final String topic;
    private final Map<String, String> sourcePartition;

    public KinesisRecordConverter(String stream, String shardId, String topic) {
        this.stream = stream;
        this.shardId = shardId;
        this.topic = topic;
        this.sourcePartition = ShardOffset.partition(stream, shardId);
    }

    public SourceRecord toSourceRecord(Record kinesisRecord, DeaggregatedRecord userRecord, ShardOffset offset) {
        ConnectHeaders headers = headers(kinesisRecord);
        if (userRecord.fromAggregate()) {
            headers.addLong(SUB_SEQUENCE_HEADER, userRecord.subSequenceNumber());
        }
        return new SourceRecord(sourcePartition, offset.toMap(), topic, null,
                Schema.STRING_SCHEMA, userRecord.userRecord().partitionKey(),
                Schema.BYTES_SCHEMA, userRecord.userRecord().data(),
                timestamp(kinesisRecord), headers);
    }

    /** The record as it came from Kinesis, for the dead-letter topic, with headers saying why it is there. */
    public SourceRecord toDeadLetter(Record kinesisRecord, CorruptAggregateException error, ShardOffset offset,
                                     String deadLetterTopic) {
        ConnectHeaders headers = headers(kinesisRecord);
        headers.addString(ERROR_REASON_HEADER, error.reason().name());
        headers.addString(ERROR_MESSAGE_HEADER, error.getMessage());
        return new SourceRecord(sourcePartition, offset.toMap(), deadLetterTopic, null,
                Schema.STRING_SCHEMA, kinesisRecord.partitionKey(),
                Schema.BYTES_SCHEMA, kinesisRecord.data().asByteArray(),
                timestamp(kinesisRecord), headers);
    }

    /** The same record with another offset; SourceRecord has no setter and {@code newRecord} keeps the offset. */
    static SourceRecord withOffset(SourceRecord record, ShardOffset offset) {
        return new SourceRecord(record.sourcePartition(), offset.toMap(), record.topic(), record.kafkaPartition(),
                record.keySchema(), record.key(), record.valueSchema(), record.value(), record.timestamp(),
                record.headers());
    }

    private ConnectHeaders headers(Record kinesisRecord) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(STREAM_HEADER, stream);
        headers.addString(SHARD_HEADER, shardId);
        headers.addString(SEQUENCE_HEADER, kinesisRecord.sequenceNumber());
        return headers;
    }

    private static Long timestamp(Record kinesisRecord) {
        Instant arrival = kinesisRecord.approximateArrivalTimestamp();
        return arrival == null ? null : arrival.toEpochMilli();
    }
}
