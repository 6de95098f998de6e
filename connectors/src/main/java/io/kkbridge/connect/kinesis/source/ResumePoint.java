package io.kkbridge.connect.kinesis.source;

/**
 * Where reading a shard continues: an iterator position, plus, when the last emitted record was a user record in
 * the middle of a KPL aggregate, which of that aggregate's user records were already emitted. Such a resume needs
 * AT_SEQUENCE_NUMBER (the aggregate is read again) and skips sub-records up to {@code skipThroughSub}.
 *
 * @param skipSequence   the aggregate's sequence number, or null when nothing is skipped
 * @param skipThroughSub the last sub-sequence number already emitted from that aggregate
 */
public record ResumePoint(IteratorPosition position, String skipSequence, long skipThroughSub) {

    public static ResumePoint at(IteratorPosition position) {
        return new ResumePoint(position, null, -1);
    }

    public boolean skips(String sequenceNumber, long subSequenceNumber) {
        return sequenceNumber.equals(skipSequence) && subSequenceNumber <= skipThroughSub;
    }

    @Override
    public String toString() {
        return skipSequence == null ? position.toString()
                : position + ", skipping sub-records up to " + skipThroughSub;
    }
}
