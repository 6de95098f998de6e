package io.kkbridge.streams.serde;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 check for record values before they reach the JSON parser. Jackson alone is not enough: it guesses
 * UTF-16 and UTF-32 from NUL bytes and would parse such input, and it accepts overlong forms; JSON exchanged
 * between systems must be UTF-8 (RFC 8259). Pure ASCII, most records, is recognised eight bytes at a time; only
 * the part from the first other byte on goes through the JDK's strict decoder. Not thread-safe: one instance per stream task.
 */
public final class Utf8Check {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer scratch = CharBuffer.allocate(1024);

    /** Returns null when {@code bytes} are UTF-8 text without NUL bytes, else why they are not. */
    public String problem(byte[] bytes) {
        int length = bytes.length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            // ASCII without NUL: no byte has its high bit set, and none borrows when one is subtracted from each
            if ((((word - LOW_BITS) | word) & HIGH_BITS) != 0) {
                break;
            }
        }
        while (i < length && bytes[i] > 0) {
            i++;
        }
        if (i == length) {
            return null;
        }
        // bytes[i] is NUL or the first non-ASCII byte: everything before it is ASCII and needs no decoding
        int nul = indexOfNul(bytes, i);
        if (nul >= 0) {
            return "value contains a NUL byte at byte " + nul + ": it is not UTF-8 text (UTF-16 or UTF-32?)";
        }
        return decodeProblem(bytes, i);
    }

    private static int indexOfNul(byte[] bytes, int from) {
        int i = from;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            if (((word - LOW_BITS) & ~word & HIGH_BITS) != 0) {
                break; // a NUL in these eight
            }
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private String decodeProblem(byte[] bytes, int from) {
        int length = bytes.length - from;
        if (scratch.capacity() < length) {
            scratch = CharBuffer.allocate(length);
        }
        scratch.clear();
        decoder.reset();
        ByteBuffer in = ByteBuffer.wrap(bytes, from, length);
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
