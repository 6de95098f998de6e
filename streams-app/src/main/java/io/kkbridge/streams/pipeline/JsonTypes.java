package io.kkbridge.streams.pipeline;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.kkbridge.streams.dlq.InvalidRecordException;

/** Typed reads of the current JSON value with errors that name the field and the type found. */
public final class JsonTypes {

    private JsonTypes() {
    }

    public static String describe(JsonToken token) {
        switch (token) {
            case START_OBJECT: return "object";
            case START_ARRAY: return "array";
            case VALUE_STRING: return "string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "boolean";
            case VALUE_NULL: return "null";
            default: return token.name();
        }
    }

    /** A non-blank string value. */
    public static String requireText(String field, JsonParser in) throws IOException, InvalidRecordException {
        JsonToken token = in.currentToken();
        if (token != JsonToken.VALUE_STRING) {
            throw InvalidRecordException.wrongType(field, "a string", describe(token));
        }
        String text = in.getText();
        if (text.isBlank()) {
            throw InvalidRecordException.invalid(field, "must not be blank");
        }
        return text;
    }

    /** Shortens a value for an error message. */
    public static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return '"' + shown + '"';
    }
}
