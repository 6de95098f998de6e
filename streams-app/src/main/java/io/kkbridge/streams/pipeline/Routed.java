package io.kkbridge.streams.pipeline;

import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One processed record on its way to an output topic: the route chooses the topic, the value is the bytes written.
 *
 * @param route one of the pipeline's route names, or {@link #DEAD_LETTER}
 * @param value the bytes to write (the original bytes for a dead letter)
 */
public record Routed(String route, byte[] value) {

    public static final String DEAD_LETTER = "dlq";

    public boolean isDeadLetter() {
        return DEAD_LETTER.equals(route);
    }

    public boolean hasRoute(String name) {
        return route.equals(name);
    }

    /** Writes only {@link #value()}; a routed record is never read back. */
    public static Serde<Routed> valueSerde() {
        return Serdes.serdeFrom(new ValueSerializer(), new NoDeserializer());
    }

    private static final class ValueSerializer implements Serializer<Routed> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
        }

        @Override
        public byte[] serialize(String topic, Routed data) {
            return data == null ? null : data.value();
        }
    }

    private static final class NoDeserializer implements Deserializer<Routed> {
        @Override
        public Routed deserialize(String topic, byte[] data) {
            throw new UnsupportedOperationException("Routed records are written to output topics, never read back");
        }
    }
}
