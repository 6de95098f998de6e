package io.kkbridge.testsupport.firehose;

import java.util.Arrays;
import java.util.Optional;

/** The Firehose API operations {@link LocalFirehose} answers, with their names on the wire. */
public enum FirehoseOperation {
    CREATE_DELIVERY_STREAM("CreateDeliveryStream"),
    DESCRIBE_DELIVERY_STREAM("DescribeDeliveryStream"),
    LIST_DELIVERY_STREAMS("ListDeliveryStreams"),
    DELETE_DELIVERY_STREAM("DeleteDeliveryStream"),
    PUT_RECORD("PutRecord"),
    PUT_RECORD_BATCH("PutRecordBatch");

    /** AWS JSON 1.1 names the operation in {@code X-Amz-Target} as {@code <service target prefix>.<operation>}. */
    static final String TARGET_PREFIX = "Firehose_20150804.";

    private final String wireName;

    FirehoseOperation(String wireName) {
        this.wireName = wireName;
    }

    /** The operation name as the API reference spells it, e.g. {@code PutRecordBatch}. */
    public String wireName() {
        return wireName;
    }

    /** The full {@code X-Amz-Target} header value. */
    public String target() {
        return TARGET_PREFIX + wireName;
    }

    /** Only these carry records, and only these declare ServiceUnavailableException in the service model. */
    public boolean carriesRecords() {
        return this == PUT_RECORD || this == PUT_RECORD_BATCH;
    }

    static Optional<FirehoseOperation> fromTarget(String target) {
        if (target == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(op -> op.target().equals(target.trim())).findFirst();
    }
}
