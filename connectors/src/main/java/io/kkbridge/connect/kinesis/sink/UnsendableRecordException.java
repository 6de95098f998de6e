package io.kkbridge.connect.kinesis.sink;

/**
 * A record that no retry can send: too large, no usable partition key, a value type without bytes. Checked, so that
 * every caller decides between the errant record reporter and failing the task.
 */
public class UnsendableRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String destination;

    /**
     * @param destination where the record was going, for people, such as {@code Kinesis stream 'orders'}
     * @param reason      why it cannot go there
     */
    public UnsendableRecordException(String destination, String reason) {
        super(reason);
        this.destination = destination;
    }

    public String destination() {
        return destination;
    }

    public String reason() {
        return getMessage();
    }
}
