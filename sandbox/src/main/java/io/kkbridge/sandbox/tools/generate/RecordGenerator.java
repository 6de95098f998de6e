package io.kkbridge.sandbox.tools.generate;

/** An endless, reproducible supply of records: the same seed and start give the same records in the same order. */
public interface RecordGenerator {

    GeneratedRecord next();
}
