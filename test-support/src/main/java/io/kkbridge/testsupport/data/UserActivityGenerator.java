package io.kkbridge.testsupport.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * User sessions shaped exactly like the sample data: each record is a sample session (cycled in file order, so the
 * sample's USA share of 101/446 holds) with a fresh {@code session_id}. Reproducible for a given seed.
 */
public final class UserActivityGenerator {

    private static final String SESSION_ID_PREFIX = "\"session_id\": \"";

    private final List<String> templates;
    private final Random random;
    private long next;

    public UserActivityGenerator(List<String> sampleLines, long seed) {
        if (sampleLines.isEmpty()) {
            throw new IllegalArgumentException("no sample sessions to generate from");
        }
        for (String line : sampleLines) {
            int at = line.indexOf(SESSION_ID_PREFIX);
            if (at < 0 || line.indexOf('"', at + SESSION_ID_PREFIX.length()) < 0) {
                throw new IllegalArgumentException("sample line has no \"session_id\": \"…\" field: " + line);
            }
        }
        this.templates = List.copyOf(sampleLines);
        this.random = new Random(seed);
    }

    /** Reads the sample file, one JSON session per line ({@code data/user-activity.jsonl}). */
    public static UserActivityGenerator fromSample(Path file, long seed) {
        try {
            return new UserActivityGenerator(Files.readAllLines(file, StandardCharsets.UTF_8), seed);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the sample sessions " + file, e);
        }
    }

    /** How many sample sessions there are; record {@code i} is built from template {@code i % templateCount()}. */
    public int templateCount() {
        return templates.size();
    }

    /** True when the template of the record at {@code index} has {@code "country": "USA"}. */
    public boolean isUsaTemplate(long index) {
        return templates.get((int) (index % templates.size())).contains("\"country\": \"USA\"");
    }

    /** The next session. */
    public Session next() {
        String template = templates.get((int) (next++ % templates.size()));
        String sessionId = new UUID(random.nextLong(), random.nextLong()).toString();
        int start = template.indexOf(SESSION_ID_PREFIX) + SESSION_ID_PREFIX.length();
        int end = template.indexOf('"', start);
        String json = template.substring(0, start) + sessionId + template.substring(end);
        return new Session(sessionId, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A generated session: its id and its JSON bytes. */
    public record Session(String sessionId, byte[] json) {
    }
}
