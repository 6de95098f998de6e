package io.kkbridge.streams.pipeline.events;

import static io.kkbridge.streams.topology.TopologyFixture.header;
import static io.kkbridge.streams.topology.TopologyFixture.text;
import static io.kkbridge.streams.topology.TopologyFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.kkbridge.streams.dlq.DeadLetterHeaders;
import io.kkbridge.streams.topology.TopologyFixture;

class EventsPipelineTest {

    private TopologyFixture fixture;
    private TestInputTopic<byte[], byte[]> input;

    @BeforeEach
    void start() {
        fixture = new TopologyFixture(Map.of());
        input = fixture.input("events.raw");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        three-part name        | {"event_uuid":"e1","event_name":"payment:order:completed","created_at":1736211007}     | {"event_uuid":"e1","event_name":"payment:order:completed","created_at":1736211007,"created_datetime":"2025-01-07T00:50:07Z","event_type":"payment","event_subtype":"order"}
        two-part name          | {"event_uuid":"e2","event_name":"user:signup","created_at":0}                           | {"event_uuid":"e2","event_name":"user:signup","created_at":0,"created_datetime":"1970-01-01T00:00:00Z","event_type":"user","event_subtype":"signup"}
        subtype absent         | {"event_uuid":"e3","event_name":"heartbeat","created_at":1736211007}                    | {"event_uuid":"e3","event_name":"heartbeat","created_at":1736211007,"created_datetime":"2025-01-07T00:50:07Z","event_type":"heartbeat","event_subtype":null}
        created_at as string   | {"event_uuid":"e4","event_name":"a:b","created_at":"1736211007"}                        | {"event_uuid":"e4","event_name":"a:b","created_at":"1736211007","created_datetime":"2025-01-07T00:50:07Z","event_type":"a","event_subtype":"b"}
        fractional seconds     | {"event_uuid":"e5","event_name":"a:b","created_at":1736211007.25}                       | {"event_uuid":"e5","event_name":"a:b","created_at":1736211007.25,"created_datetime":"2025-01-07T00:50:07.250Z","event_type":"a","event_subtype":"b"}
        fraction in a string   | {"event_uuid":"e6","event_name":"a:b","created_at":" 1736211007.5 "}                    | {"event_uuid":"e6","event_name":"a:b","created_at":" 1736211007.5 ","created_datetime":"2025-01-07T00:50:07.500Z","event_type":"a","event_subtype":"b"}
        extra fields kept      | {"meta":{"n":[1,2.50]},"event_uuid":"e7","created_at":1,"event_name":"x:y:z:w","v":null} | {"meta":{"n":[1,2.50]},"event_uuid":"e7","created_at":1,"event_name":"x:y:z:w","v":null,"created_datetime":"1970-01-01T00:00:01Z","event_type":"x","event_subtype":"y"}
        re-enriched event      | {"event_uuid":"e8","event_type":"old","event_name":"a:b","created_at":1}                | {"event_uuid":"e8","event_name":"a:b","created_at":1,"created_datetime":"1970-01-01T00:00:01Z","event_type":"a","event_subtype":"b"}
        """)
    void shouldEnrichEvents(String name, String in, String expected) {
        input.pipeInput(utf8("k"), utf8(in));
        List<TestRecord<byte[], byte[]>> out = fixture.drain("events.enriched");
        assertThat(out).hasSize(1);
        assertThat(text(out.get(0).value())).isEqualTo(expected);
        java.util.regex.Matcher uuid = java.util.regex.Pattern.compile("\"event_uuid\":\"(e\\d)\"").matcher(in);
        assertThat(uuid.find()).isTrue();
        assertThat(text(out.get(0).key())).isEqualTo(uuid.group(1));
        assertThat(fixture.drain("events.dlq")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        duplicate uuid        | {"event_uuid":"e","event_name":"a:b","event_uuid":"f","created_at":1} | parse | MALFORMED_JSON | malformed JSON: Duplicate field 'event_uuid'
        duplicate created_at  | {"event_uuid":"e","event_name":"a:b","created_at":1,"created_at":2}  | parse | MALFORMED_JSON | malformed JSON: Duplicate field 'created_at'
        missing uuid          | {"event_name":"a:b","created_at":1}                          | validate | MISSING_FIELD  | required field 'event_uuid' is missing
        numeric uuid          | {"event_uuid":7,"event_name":"a:b","created_at":1}           | validate | WRONG_TYPE     | field 'event_uuid' must be a string but is number
        missing name          | {"event_uuid":"e","created_at":1}                            | validate | MISSING_FIELD  | required field 'event_name' is missing
        name not a string     | {"event_uuid":"e","event_name":["a"],"created_at":1}         | validate | WRONG_TYPE     | field 'event_name' must be a string but is array
        empty type            | {"event_uuid":"e","event_name":":b","created_at":1}          | validate | INVALID_VALUE  | field 'event_name' has an empty part: ":b"
        empty subtype         | {"event_uuid":"e","event_name":"a::c","created_at":1}        | validate | INVALID_VALUE  | field 'event_name' has an empty part: "a::c"
        trailing colon        | {"event_uuid":"e","event_name":"a:","created_at":1}          | validate | INVALID_VALUE  | field 'event_name' has an empty part: "a:"
        missing created_at    | {"event_uuid":"e","event_name":"a:b"}                        | validate | MISSING_FIELD  | required field 'created_at' is missing
        created_at text       | {"event_uuid":"e","event_name":"a:b","created_at":"yesterday"} | validate | INVALID_VALUE | field 'created_at' must be Unix seconds but is "yesterday"
        created_at boolean    | {"event_uuid":"e","event_name":"a:b","created_at":true}      | validate | WRONG_TYPE     | field 'created_at' must be a number or a numeric string (Unix seconds) but is boolean
        created_at null       | {"event_uuid":"e","event_name":"a:b","created_at":null}      | validate | WRONG_TYPE     | field 'created_at' must be a number or a numeric string (Unix seconds) but is null
        created_at negative   | {"event_uuid":"e","event_name":"a:b","created_at":-1}        | validate | INVALID_VALUE  | field 'created_at' must be between 0 and 253402300799 (year 9999) Unix seconds but is -1
        created_at in millis  | {"event_uuid":"e","event_name":"a:b","created_at":1736211007000000} | validate | INVALID_VALUE | field 'created_at' must be between 0 and 253402300799
        created_at huge       | {"event_uuid":"e","event_name":"a:b","created_at":1e30}      | validate | INVALID_VALUE  | field 'created_at' must be between 0 and 253402300799
        not an object         | 42                                                           | parse    | NOT_AN_OBJECT  | value is a JSON number, expected a JSON object
        malformed             | {"event_uuid":"e",                                           | parse    | MALFORMED_JSON | malformed JSON: Unexpected end-of-input
        """)
    void shouldSendInvalidEventsToTheDeadLetterTopic(String name, String value, String stage, String errorClass,
                                                     String message) {
        input.pipeInput(utf8("key-1"), utf8(value));

        assertThat(fixture.drain("events.enriched")).isEmpty();
        List<TestRecord<byte[], byte[]>> dead = fixture.drain("events.dlq");
        assertThat(dead).hasSize(1);
        assertThat(text(dead.get(0).key())).isEqualTo("key-1");
        assertThat(text(dead.get(0).value())).isEqualTo(value);
        assertThat(header(dead.get(0), DeadLetterHeaders.PIPELINE)).isEqualTo("events");
        assertThat(header(dead.get(0), DeadLetterHeaders.STAGE)).isEqualTo(stage);
        assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_CLASS)).isEqualTo(errorClass);
        assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE)).startsWith(message);
        assertThat(header(dead.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("events.raw");
    }

    @Test
    void shouldCountSourceOffsetsInDeadLetterHeaders() {
        input.pipeInput(utf8("a"), utf8("{\"event_uuid\":\"ok\",\"event_name\":\"a\",\"created_at\":1}"));
        input.pipeInput(utf8("b"), utf8("{}"));
        input.pipeInput(utf8("c"), utf8("{}"));

        assertThat(fixture.drain("events.enriched")).hasSize(1);
        assertThat(fixture.drain("events.dlq")).extracting(r -> header(r, DeadLetterHeaders.SOURCE_OFFSET))
                .containsExactly("1", "2");
    }

    @Test
    void shouldNotRunDisabledPipelines() {
        fixture.close();
        fixture = new TopologyFixture(Map.of("pipelines", "user-activity"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.input("events.raw").pipeInput(utf8("x")))
                .hasMessageContaining("Unknown topic: events.raw");
    }
}
