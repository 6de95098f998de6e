package io.kkbridge.testsupport.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Data-lake events with about a hundred event types ({@code domain:entity:action}, some with two parts and a few with
 * one), {@code created_at} in Unix seconds advancing from a start time. Reproducible for a given seed.
 */
public final class EventGenerator {

    private static final String[] DOMAINS = {"payment", "order", "user", "cart", "catalog", "shipping", "review",
        "search", "session", "notification"};
    private static final String[] ENTITIES = {"order", "item", "account", "profile", "address"};
    private static final String[] ACTIONS = {"created", "updated"};

    private final List<String> eventNames;
    private final Random random;
    private final long startEpochSecond;
    private long next;

    public EventGenerator(long seed, long startEpochSecond) {
        this.random = new Random(seed);
        this.startEpochSecond = startEpochSecond;
        this.eventNames = eventNames();
    }

    /** 10 domains x 5 entities x 2 actions as three-part names, plus 10 two-part and 3 one-part names: 113. */
    static List<String> eventNames() {
        List<String> names = new ArrayList<>();
        for (String domain : DOMAINS) {
            for (String entity : ENTITIES) {
                for (String action : ACTIONS) {
                    names.add(domain + ":" + entity + ":" + action);
                }
            }
            names.add(domain + ":viewed");
        }
        names.add("heartbeat");
        names.add("login");
        names.add("logout");
        return List.copyOf(names);
    }

    public List<String> names() {
        return eventNames;
    }

    /** The next event. Every 10th one carries {@code created_at} as a numeric string, as some producers do. */
    public Event next() {
        long n = next++;
        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
        String name = eventNames.get(random.nextInt(eventNames.size()));
        long createdAt = startEpochSecond + n / 300;
        String createdAtJson = n % 10 == 9 ? "\"" + createdAt + "\"" : Long.toString(createdAt);
        String json = "{\"event_uuid\":\"" + uuid + "\",\"event_name\":\"" + name + "\",\"created_at\":"
                + createdAtJson + ",\"user_id\":" + (1000 + random.nextInt(9000))
                + ",\"properties\":{\"amount\":" + (random.nextInt(100_000) / 100.0)
                + ",\"currency\":\"EUR\",\"source\":\"generator\"}}";
        return new Event(uuid, name, createdAt, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A generated event. */
    public record Event(String uuid, String name, long createdAt, byte[] json) {
    }
}
