package io.kkbridge.connect.kinesis.source;

/** Where a shard without a stored offset starts; see {@link KinesisSourceConfig#POSITION_DOC}. */
public enum StartPosition {
    TRIM_HORIZON,
    LATEST,
    AT_TIMESTAMP
}
