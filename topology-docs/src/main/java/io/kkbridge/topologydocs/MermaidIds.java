package io.kkbridge.topologydocs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Node ids for one Mermaid diagram. Mermaid ids are safest as ASCII letters, digits and underscores; the kind
 * prefix keeps topics, stores and processors of the same name apart and means no id is a Mermaid keyword such as
 * {@code end} or starts with the {@code o}/{@code x} that Mermaid reads as an edge ending. Names that sanitise
 * alike ({@code a-b}, {@code a.b}) get numbered ids, so every element stays a node of its own.
 */
final class MermaidIds {

    enum Kind {
        NODE("node"),
        TOPIC("topic"),
        TOPIC_PATTERN("pattern"),
        DYNAMIC_TOPIC("dynamic_topic"),
        STORE("store"),
        SUBTOPOLOGY("subtopology"),
        GLOBAL_STORE("global_store");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    private record Element(Kind kind, String name) {
    }

    private final Map<Element, String> idsByElement = new HashMap<>();
    private final Set<String> usedIds = new HashSet<>();

    /** The id of the element, the same on every call. */
    String idFor(Kind kind, String name) {
        return idsByElement.computeIfAbsent(new Element(kind, name),
                element -> allocate(kind.prefix + "_" + sanitise(name)));
    }

    /** Every character other than an ASCII letter, digit or underscore becomes an underscore. */
    static String sanitise(String name) {
        StringBuilder id = new StringBuilder(name.length());
        name.codePoints().forEach(c -> id.append(isIdCharacter(c) ? (char) c : '_'));
        return id.toString();
    }

    private static boolean isIdCharacter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private String allocate(String base) {
        String id = base;
        for (int n = 2; !usedIds.add(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }
}
