package io.kkbridge.connect.kinesis.aggregation;

/**
 * A user record taken out of a Kinesis record.
 *
 * @param subSequenceNumber the record's position inside its aggregate (0 for a record that was not aggregated);
 *                          together with the Kinesis sequence number it is the record's exact source position
 * @param fromAggregate     whether the Kinesis record was a KPL aggregate
 */
public record DeaggregatedRecord(UserRecord userRecord, long subSequenceNumber, boolean fromAggregate) {
}
