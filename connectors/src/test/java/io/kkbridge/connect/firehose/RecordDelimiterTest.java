package io.kkbridge.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RecordDelimiterTest {

    private static String appended(String delimiter, String value) {
        return new String(RecordDelimiter.parse(delimiter).appendTo(value.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    @Test
    void shouldUnescapeTheSupportedEscapes() {
        assertThat(RecordDelimiter.parse("\\n").bytes()).containsExactly('\n');
        assertThat(RecordDelimiter.parse("\\r\\n").bytes()).containsExactly('\r', '\n');
        assertThat(RecordDelimiter.parse("\\t|\\\\").bytes()).containsExactly('\t', '|', '\\');
        assertThat(RecordDelimiter.parse("\\u001e").bytes()).containsExactly(0x1e);
        assertThat(RecordDelimiter.parse("\\u00e9").bytes()).containsExactly(0xc3, 0xa9);
        assertThat(RecordDelimiter.parse("\n").bytes()).containsExactly('\n');
        assertThat(RecordDelimiter.parse("").length()).isZero();
    }

    @Test
    void shouldAppendOnlyWhenTheValueDoesNotEndWithTheDelimiter() {
        assertThat(appended("\\n", "a")).isEqualTo("a\n");
        assertThat(appended("\\n", "a\n")).isEqualTo("a\n");
        assertThat(appended("\\n", "")).isEqualTo("\n");
        assertThat(appended("\\r\\n", "a\n")).isEqualTo("a\n\r\n");
        assertThat(appended("\\r\\n", "a\r\n")).isEqualTo("a\r\n");
        assertThat(appended("\\r\\n", "\n")).isEqualTo("\n\r\n");
        assertThat(appended("", "a")).isEqualTo("a");
    }

    @Test
    void shouldShowTheDelimiterEscapedInLogs() {
        assertThat(RecordDelimiter.parse("\\r\\n")).hasToString("\"\\r\\n\"");
        assertThat(RecordDelimiter.parse("\n")).hasToString("\"\\n\"");
        assertThat(RecordDelimiter.parse("")).hasToString("none");
    }

    @Test
    void shouldRejectUnknownOrIncompleteEscapesNamingThem() {
        RecordDelimiterValidator validator = new RecordDelimiterValidator();

        assertThatCode(() -> validator.ensureValid("d", "")).doesNotThrowAnyException();
        assertThatThrownBy(() -> validator.ensureValid("d", "\\x")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value \\x for configuration d: the delimiter has the unknown escape \\x; use "
                        + "\\n, \\r, \\t, \\\\ or \\uXXXX");
        assertThatThrownBy(() -> validator.ensureValid("d", "a\\"))
                .hasMessage("Invalid value a\\ for configuration d: the delimiter ends in a lone backslash; write "
                        + "\\\\ for a backslash");
        assertThatThrownBy(() -> validator.ensureValid("d", "\\u12"))
                .hasMessage("Invalid value \\u12 for configuration d: the delimiter has an incomplete \\u escape; "
                        + "write four hex digits, as in \\u001e");
        assertThatThrownBy(() -> validator.ensureValid("d", "\\u12g4"))
                .hasMessage("Invalid value \\u12g4 for configuration d: the delimiter has a \\u escape with a "
                        + "non-hex digit 'g'");
        assertThatThrownBy(() -> validator.ensureValid("d", null))
                .hasMessage("Invalid value null for configuration d: set a delimiter, or an empty value for none");
    }
}
