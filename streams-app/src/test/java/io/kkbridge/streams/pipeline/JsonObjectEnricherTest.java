package io.kkbridge.streams.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.dlq.RejectReason;
import io.kkbridge.streams.serde.Json;

/**
 * The splice of original bytes and changed fields, on a test enricher that drops fields named {@code drop*},
 * replaces the value of {@code n} with {@code 42} and appends {@code "added":true} (or nothing).
 */
class JsonObjectEnricherTest {

    private static final class TestEnricher extends JsonObjectEnricher {
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
        protected Decision finishRecord(JsonGenerator out) throws IOException {
            if (append) {
                out.writeBooleanField("added", true);
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
        assertThat(enrich(session, true)).isEqualTo(session.substring(0, session.length() - 1) + ",\"added\":true}");
        assertThat(enrich(session, false)).isEqualTo(session);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "first dropped          | {\"drop1\": 1, \"a\": 2, \"b\": 3}                 | {\"a\": 2, \"b\": 3,\"added\":true}",
        "middle dropped         | {\"a\": 1, \"drop1\": [2, {}], \"b\": 3}           | {\"a\": 1, \"b\": 3,\"added\":true}",
        "last dropped           | {\"a\": 1, \"b\": 3 , \"drop1\": \"x\" }           | {\"a\": 1, \"b\": 3,\"added\":true}",
        "two last dropped       | {\"a\":1,\"drop1\":{\"x\":1},\"drop2\":2}          | {\"a\":1,\"added\":true}",
        "all dropped            | {\"drop1\": 1, \"drop2\": 2}                       | {\"added\":true}",
        "replaced               | {\"a\": \"x\", \"n\": \"7\" , \"b\": 3}            | {\"a\": \"x\", \"n\": 42 , \"b\": 3,\"added\":true}",
        "replaced last          | {\"n\":\"7\"}                                      | {\"n\":42,\"added\":true}",
        "replaced and dropped   | {\"drop1\":0,\"n\":[1,2],\"drop2\":0}              | {\"n\":42,\"added\":true}",
        "empty object           | {}                                                 | {\"added\":true}",
        "blank object           | ' {  } '                                           | {\"added\":true}",
        "blanks around          | '  {\"a\":1}\n'                                    | {\"a\":1,\"added\":true}",
        "blank before the brace | '{\"a\":1\n}'                                      | {\"a\":1,\"added\":true}",
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
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"added\":true}");
    }

    @Test
    void shouldReuseItsBuffersAcrossRecordsOfAnySize() throws Exception {
        TestEnricher enricher = new TestEnricher(true);
        String big = "{\"a\":\"" + "x".repeat(100_000) + "\",\"drop1\":1}";
        String small = "{\"b\":2}";
        assertThat(new String(enricher.enrich(big.getBytes(StandardCharsets.UTF_8)).routed().value(),
                StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"" + "x".repeat(100_000) + "\",\"added\":true}");
        assertThat(new String(enricher.enrich(small.getBytes(StandardCharsets.UTF_8)).routed().value(),
                StandardCharsets.UTF_8)).isEqualTo("{\"b\":2,\"added\":true}");
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
}
