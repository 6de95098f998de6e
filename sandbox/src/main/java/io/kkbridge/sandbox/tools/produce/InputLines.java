package io.kkbridge.sandbox.tools.produce;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The input as physical lines: split at CR, LF or CRLF (all three may be mixed), decoded as UTF-8 line by line, a
 * leading byte-order mark dropped. Lines are numbered from 1.
 *
 * <p>A line that is not valid UTF-8, or longer than {@link #MAX_LINE_BYTES}, is still handed out (with U+FFFD for
 * bad bytes; a too-long line as an empty one) so that a CSV parser reading through it stays in step, and its problem
 * is kept: the reader of a row asks {@link #problemIn} for the lines the row spans and reports the row as bad.
 */
public final class InputLines implements Closeable {

    /** A line longer than this cannot become a Kinesis record (at most 1 MiB) and is not kept in memory. */
    public static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    /** One physical line: its number, its text without the terminator, and the terminator ("", "\n", "\r", "\r\n"). */
    public record Line(long number, String text, String terminator) {

        public boolean isBlank() {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != ' ' && c != '\t') {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferPos;
    private int bufferEnd;
    private boolean eof;

    private byte[] lineBytes = new byte[256];
    private int lineLength;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private long lineCount;
    private long bytesRead;
    private final NavigableMap<Long, String> problems = new TreeMap<>();
    private final NavigableSet<Long> blankLines = new TreeSet<>();

    public InputLines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the input. */
    public Line next() throws IOException {
        lineLength = 0;
        boolean tooLong = false;
        String terminator = "";
        int b;
        boolean any = false;
        while ((b = readByte()) >= 0) {
            any = true;
            if (b == '\n') {
                terminator = "\n";
                break;
            }
            if (b == '\r') {
                if (peekByte() == '\n') {
                    readByte();
                    terminator = "\r\n";
                } else {
                    terminator = "\r";
                }
                break;
            }
            if (lineLength >= MAX_LINE_BYTES) {
                tooLong = true;
                continue;
            }
            appendByte(b);
        }
        if (!any) {
            return null;
        }
        long number = ++lineCount;
        int start = 0;
        if (number == 1 && lineLength >= 3 && (lineBytes[0] & 0xFF) == 0xEF && (lineBytes[1] & 0xFF) == 0xBB
                && (lineBytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        String text;
        if (tooLong) {
            problems.put(number, String.format("line %,d is longer than %,d bytes; a Kinesis record holds at most "
                    + "1 MiB", number, MAX_LINE_BYTES));
            text = "";
        } else {
            text = decode(number, start);
        }
        Line line = new Line(number, text, terminator);
        if (line.isBlank()) {
            blankLines.add(number);
        }
        return line;
    }

    /** Lines read so far. */
    public long lineCount() {
        return lineCount;
    }

    /** Bytes read so far, terminators included. */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * The problem of the first bad line in {@code [first, last]}, or null; forgets what lies before {@code first}
     * (rows are asked about in order).
     */
    public String problemIn(long first, long last) {
        problems.headMap(first, false).clear();
        blankLines.headSet(first, false).clear();
        var entry = problems.ceilingEntry(first);
        return entry != null && entry.getKey() <= last ? entry.getValue() : null;
    }

    /** True when that line held nothing but spaces and tabs. */
    public boolean isBlank(long line) {
        return blankLines.contains(line);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private String decode(long number, int start) {
        ByteBuffer bytes = ByteBuffer.wrap(lineBytes, start, lineLength - start);
        CharBuffer chars = CharBuffer.allocate(lineLength - start);
        strict.reset();
        CoderResult result = strict.decode(bytes, chars, true);
        if (result.isUnderflow()) {
            result = strict.flush(chars);
        }
        if (result.isError()) {
            problems.put(number, String.format("line %,d is not valid UTF-8 (byte %,d of the line)", number,
                    bytes.position() + 1));
            return new String(lineBytes, start, lineLength - start, StandardCharsets.UTF_8);
        }
        chars.flip();
        return chars.toString();
    }

    private void appendByte(int b) {
        if (lineLength == lineBytes.length) {
            lineBytes = Arrays.copyOf(lineBytes, Math.min(MAX_LINE_BYTES, lineBytes.length * 2));
        }
        lineBytes[lineLength++] = (byte) b;
    }

    private int readByte() throws IOException {
        if (bufferPos == bufferEnd && !refill()) {
            return -1;
        }
        bytesRead++;
        return buffer[bufferPos++] & 0xFF;
    }

    private int peekByte() throws IOException {
        if (bufferPos == bufferEnd && !refill()) {
            return -1;
        }
        return buffer[bufferPos] & 0xFF;
    }

    private boolean refill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        bufferPos = 0;
        bufferEnd = n;
        return true;
    }
}
