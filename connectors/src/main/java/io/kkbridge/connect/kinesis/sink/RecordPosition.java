package io.kkbridge.connect.kinesis.sink;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where a sink record sits in Kafka. Uses the record's original topic, partition and offset, so a transformation
 * that renames the topic does not change the position that offsets are committed for or that messages name.
 */
public record RecordPosition(String topic, int partition, long offset) {

    public static RecordPosition of(SinkRecord record) {
        return new RecordPosition(record.originalTopic(), record.originalKafkaPartition(),
                record.originalKafkaOffset());
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return "topic '" + topic + "', partition " + partition + ", offset " + offset;
    }
}
