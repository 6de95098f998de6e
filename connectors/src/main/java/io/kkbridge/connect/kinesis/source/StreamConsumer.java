package io.kkbridge.connect.kinesis.source;

import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/** A registered enhanced fan-out consumer of a stream, as DescribeStreamConsumer or RegisterStreamConsumer say. */
public record StreamConsumer(String consumerArn, String consumerName, ConsumerStatus status) {

    public boolean active() {
        return status == ConsumerStatus.ACTIVE;
    }
}
