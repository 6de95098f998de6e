package io.kkbridge.connect.kinesis.sink;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record that can never be sent: with {@code errors.tolerance=all} it goes to the worker's errant
 * record reporter (the dead letter queue and/or the error log, as the connector's {@code errors.*} settings say),
 * otherwise the task fails with a message naming the record and the reason. Nothing is dropped silently: without a
 * reporter the task fails even when errors are tolerated.
 */
public final class BadRecordHandler {

    /** Connect's own setting; read from the task's properties, not defined in the connector's ConfigDef. */
    public static final String ERRORS_TOLERANCE_CONFIG = "errors.tolerance";

    private static final Logger log = LoggerFactory.getLogger(BadRecordHandler.class);

    private final boolean tolerateAll;
    private final ErrantRecordReporter reporter;
    private long reported;

    public BadRecordHandler(boolean tolerateAll, ErrantRecordReporter reporter) {
        this.tolerateAll = tolerateAll;
        this.reporter = reporter;
    }

    public static BadRecordHandler create(Map<String, String> taskProps, SinkTaskContext context) {
        String tolerance = taskProps.get(ERRORS_TOLERANCE_CONFIG);
        boolean tolerateAll = tolerance != null && tolerance.trim().toLowerCase(Locale.ROOT).equals("all");
        return new BadRecordHandler(tolerateAll, reporterOf(context));
    }

    // A worker older than Kafka 2.6 has no such method; MSK Connect's 3.7 has, but a plugin should not assume.
    private static ErrantRecordReporter reporterOf(SinkTaskContext context) {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    /**
     * Reports the record, or fails.
     *
     * @throws ConnectException when errors are not tolerated or there is no reporter; the message names the record,
     *                          its destination and the reason
     */
    public void handle(SinkRecord record, UnsendableRecordException problem) {
        String message = "Cannot send the record at " + RecordPosition.of(record) + " to " + problem.destination()
                + ": " + problem.reason();
        if (!tolerateAll) {
            throw new ConnectException(message + ". Set " + ERRORS_TOLERANCE_CONFIG + "=all to send such records "
                    + "to the errant record reporter (dead letter queue) instead");
        }
        if (reporter == null) {
            throw new ConnectException(message + ". " + ERRORS_TOLERANCE_CONFIG + "=all, but the worker gives "
                    + "this task no errant record reporter");
        }
        log.debug("Reporting errant record: {}", message);
        // Connect waits for the report to be written before it commits the record's offset.
        reporter.report(record, new DataException(message));
        reported++;
    }

    public long reportedCount() {
        return reported;
    }
}
