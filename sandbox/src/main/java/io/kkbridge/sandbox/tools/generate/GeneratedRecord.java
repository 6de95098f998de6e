package io.kkbridge.sandbox.tools.generate;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One generated record: its partition key and its JSON (UTF-8). */
public record GeneratedRecord(String partitionKey, byte[] data) {

    public GeneratedRecord {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
    }

    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
