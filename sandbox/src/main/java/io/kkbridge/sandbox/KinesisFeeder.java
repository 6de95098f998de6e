package io.kkbridge.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.kkbridge.testsupport.kinesis.KinesisStreams;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts the pipeline's input into the source Kinesis streams and remembers when each user session went in, so that
 * its arrival in a per-region stream gives the end-to-end latency. Counts what it put per stream.
 */
public final class KinesisFeeder {

    private final KinesisStreams streams;
    private final Map<String, Long> putMillisBySession = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> putByStream = new ConcurrentHashMap<>();

    public KinesisFeeder(KinesisStreams streams) {
        this.streams = streams;
    }

    /** Puts user sessions (partition key: session id), noting the time of each. */
    public void putSessions(String stream, List<Session> sessions) {
        List<PutEntry> entries = new ArrayList<>(sessions.size());
        sessions.forEach(session -> entries.add(new PutEntry(session.sessionId(), session.json())));
        long before = System.currentTimeMillis();
        sessions.forEach(session -> putMillisBySession.put(session.sessionId(), before));
        put(stream, entries);
    }

    /** Puts records that are not sessions (events, malformed input): counted, not timed. */
    public void put(String stream, List<PutEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<PutRecordsResultEntry> results = streams.putRecords(stream, entries);
        putByStream.computeIfAbsent(stream, s -> new AtomicLong()).addAndGet(results.size());
    }

    /** When the session went into Kinesis (just before the PutRecords call), or null when unknown. */
    public Long putMillis(String sessionId) {
        return putMillisBySession.get(sessionId);
    }

    public long put(String stream) {
        AtomicLong count = putByStream.get(stream);
        return count == null ? 0 : count.get();
    }

    public long total() {
        return putByStream.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** A user session to put: its id (the partition key, as the reference producer used) and its JSON. */
    public record Session(String sessionId, byte[] json) {
    }
}
