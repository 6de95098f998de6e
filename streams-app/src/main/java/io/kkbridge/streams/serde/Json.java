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
     * Jackson's strict duplicate detection is off on purpose: it builds a hash set per JSON object and cost about a
     * twentieth of the app's throughput. The enrichers reject duplicates of the fields they interpret themselves
     * (two {@code country} fields have no single meaning); other fields are copied through as they came.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private Json() {
    }
}
