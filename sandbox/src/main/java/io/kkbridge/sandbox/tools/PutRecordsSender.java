package io.kkbridge.sandbox.tools;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Puts the records of a {@link RecordSource} into one Kinesis stream with PutRecords: batches within the limits
 * ({@link KinesisLimits}), an optional rate limit, and retries of only the failed entries with backoff.
 *
 * <p>One request is in flight at a time, and a request's failed entries are retried, in their order, before any
 * other record is sent. With {@link Ordering#PER_KEY} a request also holds at most one record per partition key:
 * Kinesis may accept a later record of a key while refusing an earlier one of the same request, so only that keeps
 * a key's records in order through partial failures. Records wait in a read-ahead window; a request takes, in
 * order, each record whose key is not already in it and has no older record waiting. With few distinct keys that
 * means small requests; {@link Ordering#NONE} fills every request and keeps order only across requests.
 *
 * <p>With a rate, record {@code n} is taken from the source no earlier than {@code n / rate} seconds after the start;
 * a request goes out when it is full or when its oldest record has waited {@code linger}.
 */
public final class PutRecordsSender {

    private static final Logger LOG = LoggerFactory.getLogger(PutRecordsSender.class);

    /** Error codes of a failed entry that a later attempt may overcome. */
    private static final Set<String> RETRIABLE_ENTRY_ERRORS = Set.of("ProvisionedThroughputExceededException",
            "InternalFailure", "InternalFailureException", "KMSThrottlingException", "ServiceUnavailable");

    /** Error codes of a whole failed request that a later attempt may overcome (with throttling and 5xx). */
    private static final Set<String> RETRIABLE_REQUEST_ERRORS = Set.of("LimitExceededException",
            "ProvisionedThroughputExceededException", "KMSThrottlingException");

    /** How records of one partition key are kept in order. */
    public enum Ordering {
        /** At most one record per key in a request: order per key survives partial failures. */
        PER_KEY,
        /** Full requests; failed entries are retried before anything else, but may land after later ones. */
        NONE
    }

    /**
     * @param stream        the stream's name, for requests and messages
     * @param ordering      see {@link Ordering}
     * @param rate          records per second; 0 for no limit
     * @param maxRetries    attempts after the first for one record before the sender gives up
     * @param backoffBase   wait before the first retry (equal jitter: between half and all of it)
     * @param backoffCap    longest wait between retries
     * @param linger        how long a partial request may wait for more records under a rate limit
     * @param window        records read ahead of the ones sent
     * @param positionLabel what a record's position is, in messages: "line" or "record"
     */
    public record Settings(String stream, Ordering ordering, double rate, int maxRetries, Duration backoffBase,
                           Duration backoffCap, Duration linger, int window, String positionLabel) {

        public Settings {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(ordering, "ordering");
            if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be 0 (no limit) or a positive number, not " + rate);
            }
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be at least 0, not " + maxRetries);
            }
            if (window < KinesisLimits.MAX_RECORDS_PER_REQUEST) {
                throw new IllegalArgumentException("window must hold at least one full request");
            }
        }

        public static Settings defaults(String stream) {
            return new Settings(stream, Ordering.PER_KEY, 0, 10, Duration.ofMillis(100), Duration.ofSeconds(5),
                    Duration.ofMillis(100), 10_000, "line");
        }

        public Settings withOrdering(Ordering value) {
            return new Settings(stream, value, rate, maxRetries, backoffBase, backoffCap, linger, window,
                    positionLabel);
        }

        public Settings withRate(double value) {
            return new Settings(stream, ordering, value, maxRetries, backoffBase, backoffCap, linger, window,
                    positionLabel);
        }

        public Settings withMaxRetries(int value) {
            return new Settings(stream, ordering, rate, value, backoffBase, backoffCap, linger, window,
                    positionLabel);
        }

        public Settings withPositionLabel(String value) {
            return new Settings(stream, ordering, rate, maxRetries, backoffBase, backoffCap, linger, window, value);
        }
    }

    /** The PutRecords call: a Kinesis client's, or a test's. */
    @FunctionalInterface
    public interface PutRecordsCall {
        PutRecordsResponse putRecords(PutRecordsRequest request);
    }

    private final Settings settings;
    private final PutRecordsCall call;
    private final SendClock clock;
    private final Random jitter;
    private final Consumer<SendStats> listener;
    private volatile boolean stopRequested;

    private final LinkedList<Waiting> window = new LinkedList<>();
    private long started;
    private long taken;
    private long sent;
    private long requests;
    private long retried;
    private long bytesSent;
    private long lastInputOffset;

    /** A record in the window and when it got there. */
    private record Waiting(OutgoingRecord record, long enqueuedNanos) {
    }

    /** One record of a request and why it last failed, if it did. */
    private record Attempted(OutgoingRecord record, String errorCode, String errorMessage) {
    }

    public PutRecordsSender(Settings settings, PutRecordsCall call, SendClock clock, Random jitter,
                            Consumer<SendStats> listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.call = Objects.requireNonNull(call, "call");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Makes {@link #run} stop taking records, send those it holds, and return (e.g. on Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Sends every record of the source and returns what was done. Throws {@link ToolException} when records were
     * refused for good, or the source's own {@link ToolException} after sending every record read before it.
     */
    public SendStats run(RecordSource source) throws IOException, InterruptedException {
        started = clock.nanoTime();
        boolean sourceDone = false;
        ToolException sourceFailure = null;
        while (true) {
            if (!sourceDone && !stopRequested) {
                try {
                    sourceDone = fill(source);
                } catch (ToolException e) {
                    sourceFailure = e;
                    sourceDone = true;
                }
            }
            boolean draining = sourceDone || stopRequested;
            if (window.isEmpty()) {
                if (draining) {
                    break;
                }
                clock.sleepNanos(Math.max(1_000_000, dueNanos(taken) - clock.nanoTime()));
                continue;
            }
            long now = clock.nanoTime();
            if (!draining && settings.rate() > 0 && window.size() < KinesisLimits.MAX_RECORDS_PER_REQUEST
                    && now - window.getFirst().enqueuedNanos() < settings.linger().toNanos()) {
                long lingerEnds = window.getFirst().enqueuedNanos() + settings.linger().toNanos();
                clock.sleepNanos(Math.max(100_000, Math.min(lingerEnds, dueNanos(taken)) - now));
                continue;
            }
            sendWithRetries(nextBatch());
            listener.accept(stats());
        }
        listener.accept(stats());
        if (sourceFailure != null) {
            throw sourceFailure;
        }
        return stats();
    }

    public SendStats stats() {
        return new SendStats(taken, sent, requests, retried, bytesSent, clock.nanoTime() - started,
                lastInputOffset);
    }

    /** Takes records that are due into the window; true when the source has no more. */
    private boolean fill(RecordSource source) throws IOException {
        while (window.size() < settings.window() && !stopRequested) {
            long now = clock.nanoTime();
            if (settings.rate() > 0 && now < dueNanos(taken)) {
                return false;
            }
            OutgoingRecord record = source.next();
            if (record == null) {
                return true;
            }
            taken++;
            window.add(new Waiting(record, now));
        }
        return false;
    }

    private long dueNanos(long index) {
        return settings.rate() > 0 ? started + (long) (index * 1e9 / settings.rate()) : Long.MIN_VALUE;
    }

    /** Takes the next request's records out of the window, in order, within the limits and the ordering rule. */
    private List<OutgoingRecord> nextBatch() {
        List<OutgoingRecord> batch = new ArrayList<>();
        Set<String> keysInBatch = new HashSet<>();
        Set<String> keysHeldBack = new HashSet<>();
        boolean perKey = settings.ordering() == Ordering.PER_KEY;
        long bytes = 0;
        Iterator<Waiting> it = window.iterator();
        while (it.hasNext() && batch.size() < KinesisLimits.MAX_RECORDS_PER_REQUEST) {
            OutgoingRecord record = it.next().record();
            String key = record.partitionKey();
            if (perKey && (keysInBatch.contains(key) || keysHeldBack.contains(key))) {
                keysHeldBack.add(key);
                continue;
            }
            if (bytes + record.size() > KinesisLimits.MAX_BYTES_PER_REQUEST) {
                if (!perKey) {
                    break;
                }
                keysHeldBack.add(key);
                continue;
            }
            batch.add(record);
            keysInBatch.add(key);
            bytes += record.size();
            it.remove();
        }
        return batch;
    }

    private void sendWithRetries(List<OutgoingRecord> batch) throws InterruptedException {
        List<OutgoingRecord> pending = batch;
        for (int attempt = 1; ; attempt++) {
            List<Attempted> failed = sendOnce(pending);
            if (failed.isEmpty()) {
                return;
            }
            for (Attempted f : failed) {
                if (f.errorCode() != null && !RETRIABLE_ENTRY_ERRORS.contains(f.errorCode())
                        && !f.errorCode().startsWith("request:")) {
                    throw new ToolException(describeFailure(failed, "were refused by stream '" + settings.stream()
                            + "' with an error that retrying does not fix"));
                }
            }
            if (attempt > settings.maxRetries()) {
                throw new ToolException(describeFailure(failed, "were still not accepted by stream '"
                        + settings.stream() + "' after " + attempt + " attempts (--max-retries "
                        + settings.maxRetries() + ")"));
            }
            retried += failed.size();
            long waitNanos = backoffNanos(attempt);
            LOG.info("{} of {} records not accepted (e.g. {}); retrying in {} ms", failed.size(), pending.size(),
                    failed.get(0).errorCode(), waitNanos / 1_000_000);
            clock.sleepNanos(waitNanos);
            pending = failed.stream().map(Attempted::record).collect(Collectors.toList());
        }
    }

    /** One PutRecords call; returns the records not accepted, in request order. */
    private List<Attempted> sendOnce(List<OutgoingRecord> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
        for (OutgoingRecord r : records) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(r.partitionKey())
                    .data(SdkBytes.fromByteArrayUnsafe(r.data()))
                    .build());
        }
        PutRecordsRequest request = PutRecordsRequest.builder().streamName(settings.stream()).records(entries).build();
        requests++;
        PutRecordsResponse response;
        try {
            response = call.putRecords(request);
        } catch (ResourceNotFoundException e) {
            throw new ToolException("Stream '" + settings.stream() + "' does not exist (" + message(e)
                    + "); create it first, or pass --create-stream", e);
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500
                    || RETRIABLE_REQUEST_ERRORS.contains(errorCode(e))) {
                return failAll(records, "request:" + errorCode(e), message(e));
            }
            throw new ToolException("PutRecords to stream '" + settings.stream() + "' was refused: "
                    + errorCode(e) + " (HTTP " + e.statusCode() + "): " + message(e), e);
        } catch (SdkClientException e) {
            return failAll(records, "request:" + e.getClass().getSimpleName(), e.getMessage());
        }
        List<PutRecordsResultEntry> results = response.records();
        if (results.size() != records.size()) {
            throw new ToolException("PutRecords to stream '" + settings.stream() + "' answered " + results.size()
                    + " results for " + records.size() + " records");
        }
        List<Attempted> failed = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            PutRecordsResultEntry result = results.get(i);
            OutgoingRecord record = records.get(i);
            if (result.errorCode() == null) {
                sent++;
                bytesSent += record.size();
                lastInputOffset = Math.max(lastInputOffset, record.inputOffset());
            } else {
                failed.add(new Attempted(record, result.errorCode(), result.errorMessage()));
            }
        }
        return failed;
    }

    private static List<Attempted> failAll(List<OutgoingRecord> records, String code, String message) {
        List<Attempted> failed = new ArrayList<>(records.size());
        for (OutgoingRecord r : records) {
            failed.add(new Attempted(r, code, message));
        }
        return failed;
    }

    /** Equal jitter: between half and all of min(cap, base * 2^(attempt - 1)). */
    private long backoffNanos(int attempt) {
        long base = settings.backoffBase().toNanos();
        long cap = settings.backoffCap().toNanos();
        long ceiling = attempt >= 40 ? cap : Math.min(cap, base << Math.min(attempt - 1, 30));
        long half = ceiling / 2;
        return half + (half > 0 ? (long) (jitter.nextDouble() * half) : 0);
    }

    private String describeFailure(List<Attempted> failed, String what) {
        String positions = failed.stream().limit(10).map(f -> Long.toString(f.record().position()))
                .collect(Collectors.joining(", "));
        Attempted first = failed.get(0);
        String code = first.errorCode().startsWith("request:") ? first.errorCode().substring(8) : first.errorCode();
        return String.format("%,d records (%s %s%s) %s; last error %s: %s. %,d records had been sent before.",
                failed.size(), settings.positionLabel(), positions, failed.size() > 10 ? ", ..." : "", what, code,
                first.errorMessage(), sent);
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
    }

    private static String message(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }
}
