package io.kkbridge.streams.dlq;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The headers that say why a record is on a dead-letter topic and where it came from. */
public final class DeadLetterHeaders {

    public static final String PIPELINE = "kkb.dlq.pipeline";
    public static final String STAGE = "kkb.dlq.stage";
    public static final String ERROR_CLASS = "kkb.dlq.error.class";
    public static final String ERROR_MESSAGE = "kkb.dlq.error.message";
    public static final String SOURCE_TOPIC = "kkb.dlq.source.topic";
    public static final String SOURCE_PARTITION = "kkb.dlq.source.partition";
    public static final String SOURCE_OFFSET = "kkb.dlq.source.offset";

    private DeadLetterHeaders() {
    }

    /** Adds the dead-letter headers to {@code headers} (the record's own headers are kept). */
    public static Headers add(Headers headers, String pipeline, RejectReason reason, String message,
                              RecordMetadata source) {
        put(headers, PIPELINE, pipeline);
        put(headers, STAGE, reason.stage().name().toLowerCase(Locale.ROOT));
        put(headers, ERROR_CLASS, reason.name());
        put(headers, ERROR_MESSAGE, message);
        if (source != null) {
            put(headers, SOURCE_TOPIC, source.topic());
            put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
            put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        }
        return headers;
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
