package io.kkbridge.streams.pipeline.useractivity;

import static io.kkbridge.streams.topology.TopologyFixture.header;
import static io.kkbridge.streams.topology.TopologyFixture.text;
import static io.kkbridge.streams.topology.TopologyFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.type.TypeReference;

import io.kkbridge.streams.dlq.DeadLetterHeaders;
import io.kkbridge.streams.serde.Json;
import io.kkbridge.streams.topology.TopologyFixture;

class UserActivityPipelineTest {

    private static final String RAW = "user-activity.raw";
    private static final String USA = "user-activity.usa";
    private static final String INTERNATIONAL = "user-activity.international";
    private static final String DLQ = "user-activity.dlq";
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    private TopologyFixture fixture;
    private TestInputTopic<byte[], byte[]> input;

    @BeforeEach
    void start() {
        fixture = new TopologyFixture(Map.of());
        input = fixture.input(RAW);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    static Path dataDir() {
        return Path.of(System.getProperty("kkbridge.data.dir", "../data"));
    }

    @Test
    void shouldReproduceTheReferenceConsumerForAllSampleSessions() throws IOException {
        List<String> inputs = Files.readAllLines(dataDir().resolve("user-activity.jsonl"));
        List<String> expectedLines = Files.readAllLines(dataDir().resolve("user-activity.expected.jsonl"));
        assertThat(inputs).hasSize(446);
        for (String line : inputs) {
            input.pipeInput(utf8("shard-key"), utf8(line));
        }

        Map<String, TestRecord<byte[], byte[]>> out = new HashMap<>();
        Map<String, String> routeOf = new HashMap<>();
        for (String topic : List.of(USA, INTERNATIONAL)) {
            for (TestRecord<byte[], byte[]> record : fixture.drain(topic)) {
                String key = text(record.key());
                assertThat(out.put(key, record)).as("session %s output once", key).isNull();
                routeOf.put(key, topic.equals(USA) ? "USA" : "International");
            }
        }
        assertThat(fixture.drain(DLQ)).isEmpty();
        assertThat(out).hasSize(446);
        assertThat(routeOf.values().stream().filter("USA"::equals).count()).isEqualTo(101);

        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Object> original = Json.MAPPER.readValue(inputs.get(i), OBJECT);
            Map<String, Object> expected = Json.MAPPER.readValue(expectedLines.get(i), OBJECT);
            String sessionId = (String) original.get("session_id");
            assertThat(expected.get("session_id")).isEqualTo(sessionId);

            TestRecord<byte[], byte[]> record = out.get(sessionId);
            Map<String, Object> enriched = Json.MAPPER.readValue(record.value(), OBJECT);
            assertThat(routeOf.get(sessionId)).as("destination of %s", sessionId).isEqualTo(expected.get("destination"));
            assertThat(enriched.get("overall_product_quantity")).isEqualTo(expected.get("overall_product_quantity"));
            assertThat(enriched.get("overall_in_shopping_cart")).isEqualTo(expected.get("overall_in_shopping_cart"));
            assertThat(enriched.get("total_different_products")).isEqualTo(expected.get("total_different_products"));
            assertThat(enriched.get("processing_timestamp")).isEqualTo("2025-01-07T00:50:07.123Z");

            List<String> originalFields = new ArrayList<>(original.keySet());
            List<String> expectedOrder = new ArrayList<>(originalFields);
            expectedOrder.addAll(List.of("processing_timestamp", "overall_product_quantity",
                    "overall_in_shopping_cart", "total_different_products"));
            assertThat(new ArrayList<>(enriched.keySet())).isEqualTo(expectedOrder);
            for (String field : originalFields) {
                assertThat(enriched.get(field)).as("%s of %s", field, sessionId).isEqualTo(original.get(field));
            }
            // and byte for byte: the sample's own text, the added fields before its closing brace
            String line = inputs.get(i);
            assertThat(text(record.value())).as("bytes of %s", sessionId)
                    .isEqualTo(line.substring(0, line.lastIndexOf('}')) + ",\"processing_timestamp\":"
                            + "\"2025-01-07T00:50:07.123Z\",\"overall_product_quantity\":"
                            + expected.get("overall_product_quantity") + ",\"overall_in_shopping_cart\":"
                            + expected.get("overall_in_shopping_cart") + ",\"total_different_products\":"
                            + expected.get("total_different_products") + "}");
        }
    }

    @Test
    void shouldKeepQuantityTypesAndNumbersExactlyAsWritten() {
        String session = "{\"session_id\":\"s1\",\"country\":\"USA\",\"price\":19.90,\"big\":1e400,\"neg\":-0,"
                + "\"browse_history\":[{\"product_code\":\"A\",\"quantity\":\"3\",\"in_shopping_cart\":true},"
                + "{\"product_code\":\"B\",\"quantity\":4,\"in_shopping_cart\":false},"
                + "{\"product_code\":\"C\",\"quantity\":\" 5 \",\"in_shopping_cart\":true}]}";
        input.pipeInput(utf8("k"), utf8(session));

        List<TestRecord<byte[], byte[]>> usa = fixture.drain(USA);
        assertThat(usa).hasSize(1);
        assertThat(text(usa.get(0).key())).isEqualTo("s1");
        assertThat(text(usa.get(0).value())).isEqualTo("{\"session_id\":\"s1\",\"country\":\"USA\",\"price\":19.90,"
                + "\"big\":1e400,\"neg\":-0,\"browse_history\":[{\"product_code\":\"A\",\"quantity\":\"3\",\"in_shopping_cart\":true},"
                + "{\"product_code\":\"B\",\"quantity\":4,\"in_shopping_cart\":false},"
                + "{\"product_code\":\"C\",\"quantity\":\" 5 \",\"in_shopping_cart\":true}],"
                + "\"processing_timestamp\":\"2025-01-07T00:50:07.123Z\",\"overall_product_quantity\":12,"
                + "\"overall_in_shopping_cart\":8,\"total_different_products\":3}");
    }

    @Test
    void shouldRecomputeEnrichmentFieldsOfAnAlreadyEnrichedSession() {
        input.pipeInput(utf8("k"), utf8("{\"session_id\":\"s2\",\"overall_product_quantity\":999,\"country\":\"UK\","
                + "\"browse_history\":[{\"quantity\":\"2\",\"in_shopping_cart\":true}],"
                + "\"processing_timestamp\":\"old\"}"));

        assertThat(text(fixture.drain(INTERNATIONAL).get(0).value())).isEqualTo("{\"session_id\":\"s2\","
                + "\"country\":\"UK\",\"browse_history\":[{\"quantity\":\"2\",\"in_shopping_cart\":true}],"
                + "\"processing_timestamp\":\"2025-01-07T00:50:07.123Z\",\"overall_product_quantity\":2,"
                + "\"overall_in_shopping_cart\":2,\"total_different_products\":1}");
    }

    @Test
    void shouldCopyRepeatedFieldsItDoesNotInterpretAsTheyCame() {
        input.pipeInput(utf8("k"), utf8("{\"session_id\":\"s3\",\"tag\":1,\"country\":\"UK\",\"tag\":2,"
                + "\"browse_history\":[{\"quantity\":\"2\",\"note\":\"a\",\"note\":\"b\"}]}"));

        assertThat(text(fixture.drain(INTERNATIONAL).get(0).value())).startsWith("{\"session_id\":\"s3\",\"tag\":1,"
                + "\"country\":\"UK\",\"tag\":2,\"browse_history\":[{\"quantity\":\"2\",\"note\":\"a\",\"note\":\"b\"}],");
    }

    @Test
    void shouldRouteOnlyExactUsaByDefault() {
        for (String country : List.of("USA", "US", "usa", " USA", "United States")) {
            input.pipeInput(utf8("k"), utf8(session(country, country)));
        }
        assertThat(fixture.drain(USA)).extracting(r -> text(r.key())).containsExactly("USA");
        assertThat(fixture.drain(INTERNATIONAL)).extracting(r -> text(r.key()))
                .containsExactly("US", "usa", " USA", "United States");
    }

    @Test
    void shouldRouteAliasesIgnoringCaseAndBlanksWhenEnabled() {
        fixture.close();
        fixture = new TopologyFixture(Map.of("user.activity.usa.match", "aliases",
                "user.activity.usa.aliases", "USA,US,United States"));
        input = fixture.input(RAW);
        for (String country : List.of("USA", "us", " United States ", "UNITED STATES", "U.S.", "Canada")) {
            input.pipeInput(utf8("k"), utf8(session(country, country)));
        }
        assertThat(fixture.drain(USA)).extracting(r -> text(r.key()))
                .containsExactly("USA", "us", " United States ", "UNITED STATES");
        assertThat(fixture.drain(INTERNATIONAL)).extracting(r -> text(r.key())).containsExactly("U.S.", "Canada");
    }

    private static String session(String id, String country) {
        return "{\"session_id\":\"" + id + "\",\"country\":\"" + country + "\",\"browse_history\":"
                + "[{\"product_code\":\"S1\",\"quantity\":\"1\",\"in_shopping_cart\":true}]}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        malformed JSON       | {"session_id":"s","country":"USA",                                       | parse    | MALFORMED_JSON | malformed JSON: Unexpected end-of-input
        trailing garbage     | {"session_id":"s","country":"USA","browse_history":[]} x                 | parse    | MALFORMED_JSON | malformed JSON: Unrecognized token 'x'
        duplicate country    | {"session_id":"s","country":"USA","country":"UK","browse_history":[]}    | parse    | MALFORMED_JSON | malformed JSON: Duplicate field 'country': its meaning is ambiguous
        duplicate session_id | {"session_id":"s","country":"USA","session_id":"t","browse_history":[]}  | parse    | MALFORMED_JSON | malformed JSON: Duplicate field 'session_id'
        duplicate history    | {"session_id":"s","country":"USA","browse_history":[],"browse_history":[]} | parse | MALFORMED_JSON | malformed JSON: Duplicate field 'browse_history'
        duplicate quantity   | {"session_id":"s","country":"USA","browse_history":[{"quantity":"1","quantity":"9"}]} | parse | MALFORMED_JSON | malformed JSON: Duplicate field 'browse_history[0].quantity'
        duplicate cart flag  | {"session_id":"s","country":"USA","browse_history":[{"quantity":"1","in_shopping_cart":false,"in_shopping_cart":true}]} | parse | MALFORMED_JSON | malformed JSON: Duplicate field 'browse_history[0].in_shopping_cart'
        array value          | [1,2,3]                                                                  | parse    | NOT_AN_OBJECT  | value is a JSON array, expected a JSON object
        string value         | "hello"                                                                  | parse    | NOT_AN_OBJECT  | value is a JSON string, expected a JSON object
        empty value          | ''                                                                       | parse    | NOT_AN_OBJECT  | value is empty, expected a JSON object
        no session_id        | {"country":"USA","browse_history":[]}                                    | validate | MISSING_FIELD  | required field 'session_id' is missing
        numeric session_id   | {"session_id":42,"country":"USA","browse_history":[]}                    | validate | WRONG_TYPE     | field 'session_id' must be a string but is number
        null session_id      | {"session_id":null,"country":"USA","browse_history":[]}                  | validate | WRONG_TYPE     | field 'session_id' must be a string but is null
        blank session_id     | {"session_id":"  ","country":"USA","browse_history":[]}                  | validate | INVALID_VALUE  | field 'session_id' must not be blank
        no country           | {"session_id":"s","browse_history":[]}                                   | validate | MISSING_FIELD  | required field 'country' is missing
        country as object    | {"session_id":"s","country":{"name":"USA"},"browse_history":[]}          | validate | WRONG_TYPE     | field 'country' must be a string but is object
        no browse_history    | {"session_id":"s","country":"USA"}                                       | validate | MISSING_FIELD  | required field 'browse_history' is missing
        browse_history null  | {"session_id":"s","country":"USA","browse_history":null}                 | validate | WRONG_TYPE     | field 'browse_history' must be an array but is null
        item not an object   | {"session_id":"s","country":"USA","browse_history":["A"]}                | validate | WRONG_TYPE     | field 'browse_history[0]' must be an object but is string
        quantity missing     | {"session_id":"s","country":"USA","browse_history":[{"product_code":"A"}]} | validate | MISSING_FIELD | required field 'browse_history[0].quantity' is missing
        quantity not numeric | {"session_id":"s","country":"USA","browse_history":[{"quantity":"1"},{"quantity":"two"}]} | validate | INVALID_VALUE | field 'browse_history[1].quantity' must be an integer but is "two"
        quantity fraction    | {"session_id":"s","country":"USA","browse_history":[{"quantity":"1.5"}]} | validate | INVALID_VALUE  | field 'browse_history[0].quantity' must be an integer but is "1.5"
        quantity float       | {"session_id":"s","country":"USA","browse_history":[{"quantity":1.5}]}   | validate | WRONG_TYPE     | field 'browse_history[0].quantity' must be an integer or a string holding one but is number
        quantity boolean     | {"session_id":"s","country":"USA","browse_history":[{"quantity":true}]}  | validate | WRONG_TYPE     | field 'browse_history[0].quantity' must be an integer or a string holding one but is boolean
        quantity negative    | {"session_id":"s","country":"USA","browse_history":[{"quantity":-2}]}    | validate | INVALID_VALUE  | field 'browse_history[0].quantity' must not be negative but is -2
        quantity too large   | {"session_id":"s","country":"USA","browse_history":[{"quantity":99999999999999999999}]} | validate | INVALID_VALUE | field 'browse_history[0].quantity' is too large: 99999999999999999999
        cart flag as string  | {"session_id":"s","country":"USA","browse_history":[{"quantity":"1","in_shopping_cart":"true"}]} | validate | WRONG_TYPE | field 'browse_history[0].in_shopping_cart' must be a boolean but is string
        """)
    void shouldSendBadSessionsToTheDeadLetterTopic(String name, String value, String stage, String errorClass,
                                                    String message) {
        assertDeadLetter(utf8(value), stage, errorClass, message);
    }

    @Test
    void shouldSendNonUtf8BytesToTheDeadLetterTopic() {
        byte[] latin1 = "{\"session_id\":\"s\",\"country\":\"Sverige\",\"city\":\"Lule\u00e5\",\"browse_history\":[]}"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertDeadLetter(latin1, "decode", "INVALID_UTF8", "value is not valid UTF-8: malformed byte sequence at byte");
    }

    @Test
    void shouldSendUtf16ToTheDeadLetterTopic() {
        byte[] utf16 = "{\"session_id\":\"s\",\"country\":\"USA\",\"browse_history\":[]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        assertDeadLetter(utf16, "decode", "INVALID_UTF8", "value contains a NUL byte at byte 0");
    }

    @Test
    void shouldSendNullValuesToTheDeadLetterTopic() {
        assertDeadLetter(null, "decode", "NULL_VALUE", "value is null");
    }

    @Test
    void shouldKeepProcessingAfterBadRecordsAndBalanceTheCounts() {
        input.pipeInput(utf8("a"), utf8(session("ok-1", "USA")));
        input.pipeInput(utf8("b"), utf8("not json"));
        input.pipeInput(utf8("c"), (byte[]) null);
        input.pipeInput(utf8("d"), utf8(session("ok-2", "France")));
        assertThat(fixture.drain(USA)).extracting(r -> text(r.key())).containsExactly("ok-1");
        assertThat(fixture.drain(INTERNATIONAL)).extracting(r -> text(r.key())).containsExactly("ok-2");
        assertThat(fixture.drain(DLQ)).extracting(r -> text(r.key())).containsExactly("b", "c");
    }

    private void assertDeadLetter(byte[] value, String stage, String errorClass, String message) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", utf8("t-1"));
        input.pipeInput(new TestRecord<>(utf8("original-key"), value, headers));

        assertThat(fixture.drain(USA)).isEmpty();
        assertThat(fixture.drain(INTERNATIONAL)).isEmpty();
        List<TestRecord<byte[], byte[]>> dead = fixture.drain(DLQ);
        assertThat(dead).hasSize(1);
        TestRecord<byte[], byte[]> record = dead.get(0);
        assertThat(text(record.key())).isEqualTo("original-key");
        assertThat(record.value()).isEqualTo(value);
        assertThat(header(record, "trace-id")).isEqualTo("t-1");
        assertThat(header(record, DeadLetterHeaders.PIPELINE)).isEqualTo("user-activity");
        assertThat(header(record, DeadLetterHeaders.STAGE)).isEqualTo(stage);
        assertThat(header(record, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(errorClass);
        assertThat(header(record, DeadLetterHeaders.ERROR_MESSAGE)).startsWith(message);
        assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(RAW);
        assertThat(header(record, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    }
}
