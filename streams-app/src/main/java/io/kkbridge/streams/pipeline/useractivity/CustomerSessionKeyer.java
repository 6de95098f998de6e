package io.kkbridge.streams.pipeline.useractivity;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.kkbridge.streams.pipeline.Routed;
import io.kkbridge.streams.serde.Json;
import io.kkbridge.streams.store.ItemKey;

/**
 * Keys an enriched session by ({@code customer_number}, {@code session_id}) for the per-customer store. A session
 * without a usable {@code customer_number} (an integer or a non-blank string) was still routed to its output
 * topic; it is only left out of the store, counted in the metric
 * {@code user-activity-session-not-stored-total} (and logged at DEBUG).
 */
final class CustomerSessionKeyer implements Processor<byte[], Routed, byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerSessionKeyer.class);
    static final String CUSTOMER_NUMBER = "customer_number";

    private ProcessorContext<byte[], byte[]> context;
    private Sensor notStored;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        notStored = context.metrics().addRateTotalSensor("kkbridge", context.taskId().toString(),
                "user-activity-session-not-stored", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void close() {
        context.metrics().removeSensor(notStored);
    }

    @Override
    public void process(Record<byte[], Routed> record) {
        byte[] session = record.value().value();
        ItemKey key = key(session);
        if (key == null) {
            notStored.record();
            LOG.debug("Session without a usable customer_number is not stored per customer");
            return;
        }
        context.forward(record.withKey(key.toBytes()).withValue(session));
    }

    /** The session's key, read from its top-level fields (the enricher has validated the JSON). */
    static ItemKey key(byte[] session) {
        String customer = null;
        String sessionId = null;
        try (JsonParser in = Json.FACTORY.createParser(session)) {
            in.nextToken();
            while (in.nextToken() == JsonToken.FIELD_NAME && (customer == null || sessionId == null)) {
                String name = in.currentName();
                JsonToken token = in.nextToken();
                if (CUSTOMER_NUMBER.equals(name) && customer == null) {
                    if (token == JsonToken.VALUE_NUMBER_INT || (token == JsonToken.VALUE_STRING && !in.getText().isBlank())) {
                        customer = in.getText().strip();
                    }
                } else if (UserActivityEnricher.SESSION_ID.equals(name)) {
                    sessionId = in.getText();
                } else {
                    in.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("An enriched session could not be read back", e);
        }
        return customer == null || sessionId == null ? null : new ItemKey(customer, sessionId);
    }
}
