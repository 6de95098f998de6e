package io.kkbridge.sandbox.tools.produce;

import java.io.IOException;

/** Reads an input file row by row. */
public interface RowReader {

    /** The next good or bad row, or null at the end of the input. */
    InputItem next() throws IOException;

    /** Blank lines met so far (skipped: they hold no record). */
    long blankLines();

    /** Bytes of the input read so far. */
    long bytesRead();
}
