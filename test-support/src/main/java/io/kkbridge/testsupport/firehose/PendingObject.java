package io.kkbridge.testsupport.firehose;

import java.time.Instant;
import java.util.List;

/**
 * The content of one S3 object about to be delivered: the records' bytes concatenated as sent (Firehose adds no
 * delimiter), their sizes so tests can split them again, and the arrival time of the oldest record, which
 * Firehose uses for the object's time prefix.
 */
record PendingObject(byte[] data, List<Integer> recordSizes, Instant oldestArrival) {

    PendingObject {
        recordSizes = List.copyOf(recordSizes);
    }
}
