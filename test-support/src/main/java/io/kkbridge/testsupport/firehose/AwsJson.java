package io.kkbridge.testsupport.firehose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading and writing AWS JSON 1.1 bodies: field access with the service's errors, blobs, timestamps. */
final class AwsJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private AwsJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A request body; AWS answers bodies it cannot read with SerializationException. */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return object();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw FirehoseError.serialization("The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw FirehoseError.serialization("Cannot read the request body as JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON response", e);
        }
    }

    static String requiredString(JsonNode node, String field) {
        return optionalString(node, field).orElseThrow(
                () -> FirehoseError.invalidArgument(field + " is required"));
    }

    static Optional<String> optionalString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw FirehoseError.serialization(field + " must be a string");
        }
        return Optional.of(value.textValue());
    }

    static int optionalInt(JsonNode node, String field, int whenAbsent) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return whenAbsent;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw FirehoseError.serialization(field + " must be an integer");
        }
        return value.intValue();
    }

    /** Blobs travel base64-encoded in JSON protocols. */
    static byte[] requiredBlob(JsonNode node, String field) {
        String encoded = requiredString(node, field);
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw FirehoseError.serialization(field + " is not valid base64");
        }
    }

    /** Timestamps travel as epoch seconds with a fraction in AWS JSON protocols. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }
}
