package io.kkbridge.streams.serde;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 check for record values before they reach the JSON parser. Jackson alone is not enough: it guesses
 * UTF-16 and UTF-32 from NUL bytes and would parse such input, and JSON exchanged between systems must be UTF-8
 * (RFC 8259). Not thread-safe: one instance per stream task.
 */
public final class Utf8Check {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer scratch = CharBuffer.allocate(1024);

    /** Returns null when {@code bytes} are UTF-8 text without NUL bytes, else why they are not. */
    public String problem(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b == 0) {
                return "value contains a NUL byte: it is not UTF-8 text (UTF-16 or UTF-32?)";
            }
            if (b < 0) {
                ascii = false;
            }
        }
        return ascii ? null : decodeProblem(bytes);
    }

    private String decodeProblem(byte[] bytes) {
        if (scratch.capacity() < bytes.length) {
            scratch = CharBuffer.allocate(bytes.length);
        }
        scratch.clear();
        decoder.reset();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var result = decoder.decode(in, scratch, true);
        if (result.isError()) {
            int at = in.position();
            return String.format("value is not valid UTF-8: malformed byte sequence at byte %d (0x%02X)",
                    at, bytes[at] & 0xFF);
        }
        result = decoder.flush(scratch);
        return result.isError() ? "value is not valid UTF-8: truncated sequence at the end" : null;
    }
}
