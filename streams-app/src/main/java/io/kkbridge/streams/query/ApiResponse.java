package io.kkbridge.streams.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;

import io.kkbridge.streams.serde.Json;

/** A status and a JSON body. */
public record ApiResponse(int status, byte[] body) {

    public static ApiResponse ok(byte[] json) {
        return new ApiResponse(200, json);
    }

    public static ApiResponse error(ApiException e) {
        return new ApiResponse(e.status(), json(out -> {
            out.writeStartObject();
            out.writeStringField("error", e.code());
            if (e.parameter() != null) {
                out.writeStringField("parameter", e.parameter());
            }
            out.writeStringField("message", e.getMessage());
            out.writeEndObject();
        }));
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Writes a JSON document with the project's generator. */
    interface JsonWriter {
        void write(JsonGenerator out) throws IOException;
    }

    static byte[] json(JsonWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
