package io.kkbridge.streams.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

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
            // decimals are written as 12.50, never 1.25E+1: amounts and DynamoDB numbers keep their plain form
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Builds trees whose decimals keep their scale: 2.50 stays 2.50, not 2.5. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .nodeFactory(NODES)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /**
     * For documents read whole into a tree (change records, stored items): numbers with a fraction as exact
     * decimals, never doubles, and duplicate fields refused since their meaning would be ambiguous.
     */
    public static final ObjectReader EXACT_TREE_READER = MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }
}
