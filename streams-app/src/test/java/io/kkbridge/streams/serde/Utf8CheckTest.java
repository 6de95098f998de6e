package io.kkbridge.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8CheckTest {

    private final Utf8Check check = new Utf8Check();

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"a\":1}", "{\"city\":\"Lule\u00e5\",\"x\":\"\u20ac\ud83d\ude00\"}",
        "0123456789abcdef0123456789", "\u00e5"})
    void shouldAcceptUtf8Text(String text) {
        assertThat(check.problem(text.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void shouldFindANulByteAtAnyPosition() {
        for (int at = 0; at < 20; at++) {
            byte[] bytes = "01234567890123456789".getBytes(StandardCharsets.US_ASCII);
            bytes[at] = 0;
            assertThat(check.problem(bytes)).isEqualTo("value contains a NUL byte at byte " + at
                    + ": it is not UTF-8 text (UTF-16 or UTF-32?)");
        }
    }

    @Test
    void shouldFindANonAsciiByteInTheWordScan() {
        byte[] latin1 = "{\"city\":\"Lule\u00e5\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(check.problem(latin1)).isEqualTo("value is not valid UTF-8: malformed byte sequence at byte 13 (0xE5)");
    }

    @Test
    void shouldRejectOverlongAndTruncatedSequences() {
        assertThat(check.problem(new byte[] {'{', (byte) 0xC0, (byte) 0x80, '}'}))
                .isEqualTo("value is not valid UTF-8: malformed byte sequence at byte 1 (0xC0)");
        assertThat(check.problem(new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82}))
                .startsWith("value is not valid UTF-8");
        assertThat(check.problem(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
                .startsWith("value is not valid UTF-8: malformed byte sequence at byte 0");
    }

    @Test
    void shouldReuseItsBufferForLongValues() {
        String longText = "\u00e9".repeat(5000);
        assertThat(check.problem(longText.getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(check.problem("\u00e9".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void shouldFindANulByteAfterTheFirstNonAsciiCharacter() {
        for (int at = 10; at < 30; at++) {
            byte[] bytes = ("0123é" + "x".repeat(30)).getBytes(StandardCharsets.UTF_8);
            bytes[at] = 0;
            assertThat(check.problem(bytes)).isEqualTo("value contains a NUL byte at byte " + at
                    + ": it is not UTF-8 text (UTF-16 or UTF-32?)");
        }
    }

    @Test
    void shouldReportTheInputPositionOfAMalformedSequenceAfterValidOnes() {
        // ASCII, a valid two-byte and three-byte character, then a lone continuation byte at byte 16
        byte[] valid = "{\"a\":\"0123é€".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[valid.length + 3];
        System.arraycopy(valid, 0, bytes, 0, valid.length);
        bytes[valid.length] = 'z';
        bytes[valid.length + 1] = (byte) 0x80;
        bytes[valid.length + 2] = '}';
        assertThat(valid.length + 1).isEqualTo(16);
        assertThat(check.problem(bytes)).isEqualTo("value is not valid UTF-8: malformed byte sequence at byte 16 (0x80)");
    }
}
