package io.kkbridge.connect.kinesis.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The source offset layout, in one place.
 *
 * <p>Source partition: {@code {"stream": "<stream name>", "shard": "<shard id>"}}.
 * Offset: {@code {"sequence": "<sequence number>"}} for a plain record, plus {@code "sub": n} for the n-th user
 * record of a KPL aggregate, plus {@code "end": true} when that record was the last one of a closed shard. Reading
 * resumes after the position: AFTER_SEQUENCE_NUMBER for a plain record; AT_SEQUENCE_NUMBER for a sub-record,
 * skipping the aggregate's sub-records up to {@code sub}; not at all after {@code end}.
 *
 * @param subSequenceNumber null for a record that was not de-aggregated
 */
public record ShardOffset(String sequenceNumber, Long subSequenceNumber, boolean end) {

    public static final String STREAM_KEY = "stream";
    public static final String SHARD_KEY = "shard";
    public static final String SEQUENCE_KEY = "sequence";
    public static final String SUB_SEQUENCE_KEY = "sub";
    public static final String END_KEY = "end";

    private static final Set<String> OFFSET_KEYS = Set.of(SEQUENCE_KEY, SUB_SEQUENCE_KEY, END_KEY);
    private static final Set<String> PARTITION_KEYS = Set.of(STREAM_KEY, SHARD_KEY);
    // Kinesis: "0|([1-9]\d{0,128})"
    private static final Pattern SEQUENCE_NUMBER = Pattern.compile("0|[1-9]\\d{0,128}");

    public ShardOffset {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        if (subSequenceNumber != null && subSequenceNumber < 0) {
            throw new IllegalArgumentException("negative sub-sequence number " + subSequenceNumber);
        }
    }

    public static ShardOffset after(String sequenceNumber) {
        return new ShardOffset(sequenceNumber, null, false);
    }

    public static ShardOffset afterSubRecord(String sequenceNumber, long subSequenceNumber) {
        return new ShardOffset(sequenceNumber, subSequenceNumber, false);
    }

    /** The same position, marked as the shard's last record. */
    public ShardOffset atShardEnd() {
        return new ShardOffset(sequenceNumber, subSequenceNumber, true);
    }

    public static Map<String, String> partition(String stream, String shardId) {
        return Map.of(STREAM_KEY, stream, SHARD_KEY, shardId);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(SEQUENCE_KEY, sequenceNumber);
        if (subSequenceNumber != null) {
            map.put(SUB_SEQUENCE_KEY, subSequenceNumber);
        }
        if (end) {
            map.put(END_KEY, true);
        }
        return map;
    }

    /**
     * Where to continue after this offset; never called for an {@link #end} offset.
     *
     * @param deaggregate when false, a sub-record offset left by a de-aggregating run resumes after the whole
     *                    aggregate: re-reading it as one record would emit its earlier user records again
     */
    public ResumePoint resumePoint(boolean deaggregate) {
        if (subSequenceNumber == null || !deaggregate) {
            return ResumePoint.at(IteratorPosition.afterSequence(sequenceNumber));
        }
        return new ResumePoint(IteratorPosition.atSequence(sequenceNumber), sequenceNumber, subSequenceNumber);
    }

    /**
     * Reads an offset as stored by Connect (numbers may come back as Integer or Long).
     *
     * @throws ConnectException naming the problem, for a map that is not this layout
     */
    public static ShardOffset fromMap(Map<String, ?> offset) {
        for (String key : offset.keySet()) {
            if (!OFFSET_KEYS.contains(key)) {
                throw invalid("unknown key '" + key + "' in offset " + offset + "; expected " + SEQUENCE_KEY + ", "
                        + "optional " + SUB_SEQUENCE_KEY + " and " + END_KEY);
            }
        }
        Object sequence = offset.get(SEQUENCE_KEY);
        if (!(sequence instanceof String text) || !SEQUENCE_NUMBER.matcher(text).matches()) {
            throw invalid("'" + SEQUENCE_KEY + "' must be a Kinesis sequence number (a string of digits), got "
                    + sequence + " in offset " + offset);
        }
        Object sub = offset.get(SUB_SEQUENCE_KEY);
        if (sub != null && !(isWholeNumber(sub) && ((Number) sub).longValue() >= 0)) {
            throw invalid("'" + SUB_SEQUENCE_KEY + "' must be a non-negative integer, got " + sub + " in offset "
                    + offset);
        }
        Object end = offset.get(END_KEY);
        if (end != null && !(end instanceof Boolean)) {
            throw invalid("'" + END_KEY + "' must be true or false, got " + end + " in offset " + offset);
        }
        return new ShardOffset(text, sub == null ? null : ((Number) sub).longValue(), Boolean.TRUE.equals(end));
    }

    /** @throws ConnectException naming the problem, for a source partition that is not this layout */
    public static void validatePartition(Map<String, ?> partition) {
        if (partition == null || !partition.keySet().equals(PARTITION_KEYS)
                || !(partition.get(STREAM_KEY) instanceof String stream) || stream.isEmpty()
                || !(partition.get(SHARD_KEY) instanceof String shard) || shard.isEmpty()) {
            throw invalid("a source partition must be {\"" + STREAM_KEY + "\": <stream name>, \"" + SHARD_KEY
                    + "\": <shard id>}, got " + partition);
        }
    }

    private static boolean isWholeNumber(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    private static ConnectException invalid(String message) {
        return new ConnectException("Invalid Kinesis source offset: " + message);
    }

    @Override
    public String toString() {
        return SEQUENCE_KEY + " " + sequenceNumber + (subSequenceNumber == null ? "" : " sub " + subSequenceNumber)
                + (end ? " (shard end)" : "");
    }
}
