package io.kkbridge.connect.firehose;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes that end each record in a Firehose delivery, so that the objects Firehose writes (to S3) hold one
 * record per line. Configured as text with escapes: {@code \n} (line feed), {@code \r} (carriage return),
 * {@code \t} (tab), {@code \\} (backslash) and {@code \}{@code uXXXX} (any UTF-16 code unit); other characters stand
 * for themselves, so an actual line feed in the setting works too. Empty means no delimiter.
 *
 * <p>The delimiter is appended only when the value does not already end with it, byte for byte: a JSON line that
 * already ends in a line feed keeps a single one. With {@code \r\n}, a value ending in a bare line feed does not end
 * with the delimiter and gets {@code \r\n} appended.
 */
public final class RecordDelimiter {

    private final String escaped;
    private final byte[] bytes;

    private RecordDelimiter(String escaped, byte[] bytes) {
        this.escaped = escaped;
        this.bytes = bytes;
    }

    /** @throws IllegalArgumentException for an unknown or incomplete escape, naming it */
    public static RecordDelimiter parse(String configured) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < configured.length(); i++) {
            char c = configured.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            if (i + 1 >= configured.length()) {
                throw new IllegalArgumentException("ends in a lone backslash; write \\\\ for a backslash");
            }
            char escape = configured.charAt(++i);
            switch (escape) {
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case '\\' -> text.append('\\');
                case 'u' -> {
                    text.append(hexChar(configured, i + 1));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("has the unknown escape \\" + escape
                        + "; use \\n, \\r, \\t, \\\\ or \\uXXXX");
            }
        }
        return new RecordDelimiter(configured, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static char hexChar(String configured, int start) {
        if (start + 4 > configured.length()) {
            throw new IllegalArgumentException("has an incomplete \\u escape; write four hex digits, as in \\u001e");
        }
        int code = 0;
        for (int i = start; i < start + 4; i++) {
            int digit = Character.digit(configured.charAt(i), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("has a \\u escape with a non-hex digit '" + configured.charAt(i)
                        + "'");
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The value with the delimiter after it, unless it is empty or the value already ends with it. */
    public byte[] appendTo(byte[] value) {
        if (bytes.length == 0 || endsWithDelimiter(value)) {
            return value;
        }
        byte[] result = Arrays.copyOf(value, value.length + bytes.length);
        System.arraycopy(bytes, 0, result, value.length, bytes.length);
        return result;
    }

    private boolean endsWithDelimiter(byte[] value) {
        return value.length >= bytes.length
                && Arrays.equals(value, value.length - bytes.length, value.length, bytes, 0, bytes.length);
    }

    /** As configured, escapes and all, so a log line shows it readably. */
    @Override
    public String toString() {
        return escaped.isEmpty() ? "none" : "\"" + escaped.replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t") + "\"";
    }
}
