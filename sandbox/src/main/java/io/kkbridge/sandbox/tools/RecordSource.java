package io.kkbridge.sandbox.tools;

import java.io.IOException;

/** Where {@link PutRecordsSender} takes its records from: a file being read, or a generator. */
public interface RecordSource {

    /**
     * The next record, or null when there are no more. Bad input is handled here: reported and skipped, or thrown
     * as a {@link ToolException} (the sender then sends the records it already holds and rethrows).
     */
    OutgoingRecord next() throws IOException;
}
