package io.kkbridge.streams.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.dlq.RejectReason;
import io.kkbridge.streams.serde.Json;

/**
 * The splice of original bytes and changed fields, on a test enricher that drops fields named {@code drop*},
 * replaces the value of {@code n} with {@code 42} and appends {@code "added":1} (or nothing).
 */
class JsonObjectEnricherTest {

    private static final class TestEnricher extends JsonObjectEnricher {
        private static final FieldName ADDED = new FieldName("added");
        private final boolean append;

        TestEnricher(boolean append) {
            this.append = append;
        }

        @Override
        protected void startRecord() {
        }

        @Override
        protected void onField(String name, JsonParser in) throws IOException {
            in.skipChildren();
            if (name.startsWith("drop")) {
                dropField();
            } else if (name.equals("n")) {
                replaceValue("42");
            }
        }

        @Override
        protected Decision finishRecord(Appender out) {
            if (append) {
                out.number(ADDED, 1);
            }
            return new Decision(new byte[0], "route");
        }
    }

    private static String enrich(String json, boolean append) throws InvalidRecordException {
        byte[] out = new TestEnricher(append).enrich(json.getBytes(StandardCharsets.UTF_8)).routed().value();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepTheOriginalBytesOfEveryFieldAndAppendBeforeTheClosingBrace() throws Exception {
        String session = "{\"session_id\": \"s1\", \"city\": \"Lule\\u00e5\", \"price\": 19.90, \"big\": 1e400,"
                + " \"nested\": {\"a\": [1, 2 ,{\"b\" : null}]}, \"t\": true}";
        assertThat(enrich(session, true)).isEqualTo(session.substring(0, session.length() - 1) + ",\"added\":1}");
        assertThat(enrich(session, false)).isEqualTo(session);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "first dropped          | {\"drop1\": 1, \"a\": 2, \"b\": 3}                 | {\"a\": 2, \"b\": 3,\"added\":1}",
        "middle dropped         | {\"a\": 1, \"drop1\": [2, {}], \"b\": 3}           | {\"a\": 1, \"b\": 3,\"added\":1}",
        "last dropped           | {\"a\": 1, \"b\": 3 , \"drop1\": \"x\" }           | {\"a\": 1, \"b\": 3,\"added\":1}",
        "two last dropped       | {\"a\":1,\"drop1\":{\"x\":1},\"drop2\":2}          | {\"a\":1,\"added\":1}",
        "all dropped            | {\"drop1\": 1, \"drop2\": 2}                       | {\"added\":1}",
        "replaced               | {\"a\": \"x\", \"n\": \"7\" , \"b\": 3}            | {\"a\": \"x\", \"n\": 42 , \"b\": 3,\"added\":1}",
        "replaced last          | {\"n\":\"7\"}                                      | {\"n\":42,\"added\":1}",
        "replaced and dropped   | {\"drop1\":0,\"n\":[1,2],\"drop2\":0}              | {\"n\":42,\"added\":1}",
        "empty object           | {}                                                 | {\"added\":1}",
        "blank object           | ' {  } '                                           | {\"added\":1}",
        "blanks around          | '  {\"a\":1}\n'                                    | {\"a\":1,\"added\":1}",
        "blank before the brace | '{\"a\":1\n}'                                      | {\"a\":1,\"added\":1}",
    })
    void shouldSpliceDroppedAndReplacedFields(String description, String input, String expected) throws Exception {
        assertThat(enrich(input, true)).isEqualTo(expected);
        // whatever the splice, the output is the JSON of the original less the dropped and with the replaced fields
        assertThat(Json.MAPPER.readTree(enrich(input, true))).isEqualTo(Json.MAPPER.readTree(expected));
    }

    @Test
    void shouldWriteNothingAddedIntoAnObjectThatLostAllItsFields() throws Exception {
        assertThat(enrich("{\"drop1\": 1}", false)).isEqualTo("{}");
        assertThat(enrich("{}", false)).isEqualTo("{}");
    }

    @Test
    void shouldSkipAByteOrderMark() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[bom.length + json.length];
        System.arraycopy(bom, 0, value, 0, bom.length);
        System.arraycopy(json, 0, value, bom.length, json.length);
        byte[] out = new TestEnricher(true).enrich(value).routed().value();
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"added\":1}");
    }

    @Test
    void shouldReuseItsBuffersAcrossRecordsOfAnySize() throws Exception {
        TestEnricher enricher = new TestEnricher(true);
        String big = "{\"a\":\"" + "x".repeat(100_000) + "\",\"drop1\":1}";
        String small = "{\"b\":2}";
        assertThat(new String(enricher.enrich(big.getBytes(StandardCharsets.UTF_8)).routed().value(),
                StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"" + "x".repeat(100_000) + "\",\"added\":1}");
        assertThat(new String(enricher.enrich(small.getBytes(StandardCharsets.UTF_8)).routed().value(),
                StandardCharsets.UTF_8)).isEqualTo("{\"b\":2,\"added\":1}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "truncated          | '{\"a\": 1'",
        "trailing comma     | '{\"a\": 1,}'",
        "two objects        | '{\"a\": 1} {\"b\": 2}'",
        "bad escape         | '{\"a\": \"\\q\"}'",
        "control character  | '{\"a\": \"x\ty\"}'",
    })
    void shouldRejectMalformedJsonEvenInValuesItDoesNotRead(String description, String input) {
        assertThatThrownBy(() -> enrich(input, true))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_JSON));
    }

    @Test
    void shouldRejectAValueThatIsNotAnObject() {
        assertThatThrownBy(() -> enrich("[1, 2]", true))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.NOT_AN_OBJECT);
                    assertThat(e.getMessage()).isEqualTo("value is a JSON array, expected a JSON object");
                });
    }

    /** Appends the given fields, strings or numbers, in order. */
    private static final class AppendingEnricher extends JsonObjectEnricher {
        private final Map<FieldName, Object> fields = new LinkedHashMap<>();

        AppendingEnricher(Map<String, Object> fields) {
            fields.forEach((name, value) -> this.fields.put(new FieldName(name), value));
        }

        @Override
        protected void startRecord() {
        }

        @Override
        protected void onField(String name, JsonParser in) throws IOException {
            in.skipChildren();
        }

        @Override
        protected Decision finishRecord(Appender out) {
            fields.forEach((name, value) -> {
                if (value instanceof Long number) {
                    out.number(name, number);
                } else {
                    out.string(name, (String) value);
                }
            });
            return new Decision(new byte[0], "route");
        }
    }

    @ParameterizedTest(name = "{index}: {0}")
    @ValueSource(strings = {"plain ascii 2025-01-07T00:50:07.123Z", "quote \" and backslash \\", "tab\tnl\nnul\u0000",
        "us\u001f del\u007f", "Lule\u00e5 \u20ac \u65e5\u672c", "emoji \uD83D\uDE00", "lone high \uD800 x",
        "lone low \uDC00", "ends high \uD83D", "", "</script>", "field\"name"})
    void shouldAppendStringsExactlyAsJacksonsGeneratorWritesThem(String text) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(text, text);
        fields.put("null", null);
        fields.put("min", Long.MIN_VALUE);
        fields.put("max", Long.MAX_VALUE);
        fields.put("zero", 0L);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (JsonGenerator generator = Json.FACTORY.createGenerator(expected)) {
            generator.writeStartObject();
            generator.writeNumberField("a", 1);
            generator.writeStringField(text, text);
            generator.writeNullField("null");
            generator.writeNumberField("min", Long.MIN_VALUE);
            generator.writeNumberField("max", Long.MAX_VALUE);
            generator.writeNumberField("zero", 0L);
            generator.writeEndObject();
        }
        byte[] out = new AppendingEnricher(fields).enrich("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).routed().value();
        assertThat(out).isEqualTo(expected.toByteArray());
    }

    @Test
    void shouldAppendWithoutACommaIntoAnEmptyObject() throws Exception {
        byte[] out = new AppendingEnricher(Map.of("n", 5L)).enrich("{ }".getBytes(StandardCharsets.UTF_8))
                .routed().value();
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"n\":5}");
    }
}
