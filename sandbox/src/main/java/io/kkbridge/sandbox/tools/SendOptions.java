package io.kkbridge.sandbox.tools;

import picocli.CommandLine.Option;

/** How records are put: shared by {@code produce} and {@code generate}. */
public final class SendOptions {

    @Option(names = "--ordering", paramLabel = "MODE", defaultValue = "per-key", converter = OrderingConverter.class,
            description = "per-key: a request holds at most one record per partition key, so a key's records stay in "
                    + "order even when Kinesis refuses some entries of a request (requests are small when there are "
                    + "few distinct keys); none: full requests of 500, failed entries are still retried before "
                    + "anything else is sent (default: ${DEFAULT-VALUE}).")
    PutRecordsSender.Ordering ordering;

    @Option(names = "--max-retries", paramLabel = "N", defaultValue = "10",
            description = "Retries of a refused record (throttling, internal failure) before giving up, with "
                    + "exponential backoff from 100 ms up to 5 s (default: ${DEFAULT-VALUE}).")
    int maxRetries;

    @Option(names = "--create-stream",
            description = "Create the stream (with --shards) if it does not exist, and wait until it is ACTIVE.")
    boolean createStream;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "1",
            description = "Shards of a stream made by --create-stream (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            converter = ProgressModeConverter.class,
            description = "auto: a progress bar with ETA on stderr when it is a terminal, else a line every 5 s; "
                    + "bar, lines or none to choose (default: ${DEFAULT-VALUE}).")
    ProgressReporter.Mode progress;

    /** @param rate records per second at most, 0 for no limit (each command has its own --rate default) */
    public PutRecordsSender.Settings settings(String stream, String positionLabel, double rate) {
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new ToolException("--rate must be 0 (no limit) or a positive number, not " + rate);
        }
        if (maxRetries < 0) {
            throw new ToolException("--max-retries must be 0 or more, not " + maxRetries);
        }
        if (shards < 1) {
            throw new ToolException("--shards must be at least 1, not " + shards);
        }
        return PutRecordsSender.Settings.defaults(stream).withOrdering(ordering).withRate(rate)
                .withMaxRetries(maxRetries).withPositionLabel(positionLabel);
    }

    /** {@code per-key} / {@code none}. */
    static final class OrderingConverter extends LowerCaseEnumConverter<PutRecordsSender.Ordering> {
        OrderingConverter() {
            super(PutRecordsSender.Ordering.class);
        }
    }

    /** {@code auto} / {@code bar} / {@code lines} / {@code none}. */
    static final class ProgressModeConverter extends LowerCaseEnumConverter<ProgressReporter.Mode> {
        ProgressModeConverter() {
            super(ProgressReporter.Mode.class);
        }
    }
}
