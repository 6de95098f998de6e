package io.kkbridge.connect.kinesis.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SinkValidatorsTest {

    @Test
    void shouldAcceptKinesisStreamNamesOf1To128AllowedCharacters() {
        StreamNameValidator validator = StreamNameValidator.kinesisStream();

        assertThatCode(() -> validator.ensureValid("s", "user-activity_usa.v2")).doesNotThrowAnyException();
        assertThatCode(() -> validator.ensureValid("s", "a".repeat(128))).doesNotThrowAnyException();
        assertThatCode(() -> validator.ensureValid("s", null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> validator.ensureValid("s", "a".repeat(129))).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("a Kinesis stream name has 1 to 128 characters, '" + "a".repeat(129)
                        + "' has 129");
        assertThatThrownBy(() -> validator.ensureValid("s", "")).hasMessage("Invalid value  for configuration s: "
                + "a Kinesis stream name has 1 to 128 characters, '' has 0");
        assertThatThrownBy(() -> validator.ensureValid("s", "a b")).hasMessage("Invalid value a b for "
                + "configuration s: 'a b' is not a Kinesis stream name: only letters, digits, _ . - are allowed");
    }

    @Test
    void shouldLimitFirehoseDeliveryStreamNamesTo64Characters() {
        StreamNameValidator validator = StreamNameValidator.firehoseDeliveryStream();

        assertThat(validator.problemWith("a".repeat(64))).isNull();
        assertThat(validator.problemWith("a".repeat(65)))
                .isEqualTo("a Firehose delivery stream name has 1 to 64 characters, '" + "a".repeat(65)
                        + "' has 65");
    }

    @Test
    void shouldValidateTopicMappings() {
        TopicMappingValidator validator = new TopicMappingValidator(StreamNameValidator.kinesisStream());

        assertThatCode(() -> validator.ensureValid("m", List.of("a:x", " b.c : y "))).doesNotThrowAnyException();
        assertThatCode(() -> validator.ensureValid("m", null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> validator.ensureValid("m", List.of())).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [] for configuration m: the mapping is empty; give topic:stream entries, "
                        + "comma-separated");
        assertThatThrownBy(() -> validator.ensureValid("m", List.of(":x")))
                .hasMessage("Invalid value [:x] for configuration m: entry ':x': '' is not a Kafka topic name (1 to "
                        + "249 letters, digits, . _ -; not . or ..)");
        assertThatThrownBy(() -> validator.ensureValid("m", List.of("..:x")))
                .hasMessageEndingWith("entry '..:x': '..' is not a Kafka topic name (1 to 249 letters, digits, . _ "
                        + "-; not . or ..)");
        assertThatThrownBy(() -> validator.ensureValid("m", List.of("a:")))
                .hasMessageEndingWith("entry 'a:': a Kinesis stream name has 1 to 128 characters, '' has 0");
    }

    @Test
    void shouldParseMappingsTrimmingSpaces() {
        TopicMapping mapping = TopicMapping.parse(List.of(" a : x", "b:y"), StreamNameValidator.kinesisStream());

        assertThat(mapping.streamFor("a")).contains("x");
        assertThat(mapping.streamFor("b")).contains("y");
        assertThat(mapping.streamFor("c")).isEmpty();
        assertThat(mapping.unmapped(List.of("a", "c", "b", "d"))).containsExactly("c", "d");
    }

    @Test
    void shouldValidateJsonFieldPaths() {
        JsonFieldPathValidator validator = new JsonFieldPathValidator();

        assertThatCode(() -> validator.ensureValid("f", "customer.id")).doesNotThrowAnyException();
        assertThatCode(() -> validator.ensureValid("f", null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> validator.ensureValid("f", "a..b")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value a..b for configuration f: 'a..b' has an empty field name; use names "
                        + "separated by single dots, such as customer.id");
        assertThatThrownBy(() -> validator.ensureValid("f", " ")).hasMessage("Invalid value   for configuration "
                + "f: a field path needs at least one field name");
    }
}
