package io.kkbridge.streams.pipeline;

import io.kkbridge.streams.dlq.InvalidRecordException;

/**
 * Turns one input value (UTF-8 checked, not null) into its output. Instances are used by one stream thread only,
 * so they may keep reusable buffers.
 */
public interface RecordEnricher {

    /** The enriched record; its key is the output record's key. */
    record Result(byte[] key, Routed routed) {
    }

    Result enrich(byte[] value) throws InvalidRecordException;
}
