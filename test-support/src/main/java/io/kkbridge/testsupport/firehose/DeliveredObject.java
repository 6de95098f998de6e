package io.kkbridge.testsupport.firehose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One object {@link LocalFirehose} delivered: its S3 bucket and key, the local file holding it, and the sizes of
 * the records concatenated in it (Firehose adds no delimiter, so only the double knows where records end).
 */
public record DeliveredObject(String deliveryStreamName, String bucket, String key, Path file,
                              List<Integer> recordSizes, Instant oldestRecordArrival) {

    public DeliveredObject {
        recordSizes = List.copyOf(recordSizes);
    }

    public int recordCount() {
        return recordSizes.size();
    }

    public long sizeBytes() {
        return recordSizes.stream().mapToLong(Integer::longValue).sum();
    }

    /** The object's content as written to the delivery folder. */
    public byte[] readBytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read delivered object " + file, e);
        }
    }

    /** The object's content split back into the records that were put, in order. */
    public List<byte[]> readRecords() {
        byte[] content = readBytes();
        List<byte[]> records = new ArrayList<>(recordSizes.size());
        int offset = 0;
        for (int size : recordSizes) {
            records.add(Arrays.copyOfRange(content, offset, offset + size));
            offset += size;
        }
        return records;
    }
}
