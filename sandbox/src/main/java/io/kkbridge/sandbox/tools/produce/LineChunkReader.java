package io.kkbridge.sandbox.tools.produce;

import java.io.IOException;
import java.io.Reader;

/**
 * Feeds {@link InputLines} to the CSV parser at most one physical line (with its terminator) per read. The parser's
 * read-ahead buffer so never reaches past the line it is on: after a parse error, dropping the parser and
 * {@link #discardRestOfLine() the rest of the line} resumes cleanly at the next line.
 */
final class LineChunkReader extends Reader {

    private final InputLines lines;
    private String chunk = "";
    private int pos;
    private boolean eof;

    LineChunkReader(InputLines lines) {
        this.lines = lines;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= chunk.length()) {
            if (eof) {
                return -1;
            }
            InputLines.Line line = lines.next();
            if (line == null) {
                eof = true;
                return -1;
            }
            chunk = line.text() + line.terminator();
            pos = 0;
            if (chunk.isEmpty()) {
                return read(buf, off, len);
            }
        }
        int n = Math.min(len, chunk.length() - pos);
        chunk.getChars(pos, pos + n, buf, off);
        pos += n;
        return n;
    }

    /** Drops what the parser has not taken of the current line. */
    void discardRestOfLine() {
        pos = chunk.length();
    }

    /** Physical lines handed out so far (the current one included). */
    long linesHandedOut() {
        return lines.lineCount();
    }

    @Override
    public void close() {
        // the InputLines belong to the caller
    }
}
