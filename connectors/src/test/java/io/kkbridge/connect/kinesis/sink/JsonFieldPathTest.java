package io.kkbridge.connect.kinesis.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonFieldPathTest {

    private static JsonFieldPath.Lookup lookUp(String path, String json) {
        return JsonFieldPath.parse(path).lookUp(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonFieldPath.Lookup found(String value) {
        return new JsonFieldPath.Lookup(value, null);
    }

    private static JsonFieldPath.Lookup problem(String problem) {
        return new JsonFieldPath.Lookup(null, problem);
    }

    @Test
    void shouldFindNestedScalarsAsText() {
        String json = " {\"skip\": {\"id\": \"no\", \"list\": [1, {\"x\": \"}]\"}]}, \"customer\" : "
                + "{ \"id\" : \"c-1\", \"age\": -12.5e2, \"vip\": true } } ";

        assertThat(lookUp("customer.id", json)).isEqualTo(found("c-1"));
        assertThat(lookUp("customer.age", json)).isEqualTo(found("-12.5e2"));
        assertThat(lookUp("customer.vip", json)).isEqualTo(found("true"));
        assertThat(lookUp("skip.id", json)).isEqualTo(found("no"));
    }

    @Test
    void shouldDecodeStringEscapes() {
        assertThat(lookUp("k", "{\"k\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\"}"))
                .isEqualTo(found("a\"b\\c/d\n\u00e9\uD83D\uDE00"));
        assertThat(lookUp("k\u00e9", "{\"k\\u00e9\":\"v\"}")).isEqualTo(found("v"));
    }

    @Test
    void shouldTakeTheFirstOfDuplicateMembers() {
        assertThat(lookUp("a", "{\"a\":\"1\",\"a\":\"2\"}")).isEqualTo(found("1"));
    }

    @Test
    void shouldSayWhyThereIsNoKey() {
        assertThat(lookUp("a.b", "{\"a\":{\"c\":1}}")).isEqualTo(problem("the value has no field 'a.b'"));
        assertThat(lookUp("a.b", "{}")).isEqualTo(problem("the value has no field 'a.b'"));
        assertThat(lookUp("a.b", "{\"a\":[1]}"))
                .isEqualTo(problem("field 'a' is not a JSON object, so it has no field 'a.b'"));
        assertThat(lookUp("a", "[1]")).isEqualTo(problem("the value is not a JSON object, so it has no field 'a'"));
        assertThat(lookUp("a", "{\"a\":null}")).isEqualTo(problem("field 'a' is null"));
        assertThat(lookUp("a", "{\"a\":{}}"))
                .isEqualTo(problem("field 'a' is an object, not a string, number or boolean"));
        assertThat(lookUp("a", "{\"a\":[]}"))
                .isEqualTo(problem("field 'a' is an array, not a string, number or boolean"));
    }

    @Test
    void shouldReportBrokenJsonWithThePosition() {
        assertThat(lookUp("b", "{\"a\":1 \"b\":2}")).isEqualTo(problem("the value is not valid JSON (expected ',' "
                + "or '}' at position 7), so it has no field 'b'"));
        assertThat(lookUp("a", "{\"a\":\"open")).isEqualTo(problem("the value is not valid JSON (unexpected end "
                + "at position 10), so it has no field 'a'"));
        assertThat(lookUp("a", "{\"a\":tru}")).isEqualTo(problem("the value is not valid JSON (unexpected 'tru' "
                + "at position 8), so it has no field 'a'"));
        assertThat(lookUp("a", "{\"a\":\"\\x\"}")).isEqualTo(problem("the value is not valid JSON (bad escape \\x "
                + "at position 6), so it has no field 'a'"));
    }

    @Test
    void shouldRejectBytesThatAreNotUtf8() {
        assertThat(JsonFieldPath.parse("a").lookUp(new byte[] {'{', (byte) 0xC3, '}'}))
                .isEqualTo(problem("the value is not UTF-8 text, so it has no JSON field 'a'"));
    }

    @Test
    void shouldSkipDeeplyNestedValuesWithoutRecursion() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThat(lookUp("k", "{\"deep\":" + deep + ",\"k\":\"v\"}")).isEqualTo(found("v"));
    }
}
