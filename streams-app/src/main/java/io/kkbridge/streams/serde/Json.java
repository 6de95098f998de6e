package io.kkbridge.streams.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The project's one JSON configuration. Hot paths use {@link #FACTORY}'s streaming parser and generator (the tree
 * model costs about a quarter of the app's throughput); tools and tests may use {@link #MAPPER}, built on the same
 * factory.
 */
public final class Json {

    /**
     * Strict on duplicate keys: a record with two {@code country} fields has no single meaning, so it is rejected
     * rather than routed on whichever came last.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private Json() {
    }
}
