package io.kkbridge.topologydocs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.apache.kafka.streams.TopologyDescription.Sink;
import org.apache.kafka.streams.TopologyDescription.Source;

import io.kkbridge.topologydocs.MermaidIds.Kind;
import io.kkbridge.topologydocs.TopologyNodes.Group;

/**
 * A topology as a Mermaid flowchart: one subgraph per sub-topology and global store holding its processors and
 * state stores; topics outside every subgraph, so a topic written by one sub-topology and read by another joins
 * them. Topics are flag shapes, stores cylinders, processors rectangles. Edges come last, at the top level, since an
 * edge written inside a subgraph would pull the topic it mentions into that subgraph.
 */
final class MermaidFlowchart {

    private static final String INDENT = "    ";

    private final MermaidIds ids = new MermaidIds();
    private final List<Group> groups;
    private final List<String> lines = new ArrayList<>();

    private MermaidFlowchart(TopologyDescription description) {
        this.groups = TopologyNodes.groups(description);
    }

    /** The diagram, without the Markdown fence, each line ending in a line feed. */
    static String render(TopologyDescription description) {
        return new MermaidFlowchart(description).render();
    }

    /** The text as a quoted Mermaid label: quotes and characters Mermaid or HTML would interpret as entity codes. */
    static String label(String text) {
        StringBuilder label = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '#' -> label.append("#35;");
                case '"' -> label.append("#quot;");
                case '&' -> label.append("#amp;");
                case '<' -> label.append("#lt;");
                case '>' -> label.append("#gt;");
                case '`' -> label.append("#96;");
                case '\n', '\r' -> label.append(' ');
                default -> label.append(c);
            }
        }
        return label.append('"').toString();
    }

    private String render() {
        lines.add("flowchart LR");
        declareTopics();
        Set<String> declaredStores = new HashSet<>();
        for (Group group : groups) {
            declareGroup(group, declaredStores);
        }
        for (Group group : groups) {
            group.nodes().forEach(this::addEdges);
        }
        return String.join("\n", lines) + "\n";
    }

    private void declareTopics() {
        SortedSet<String> topics = new TreeSet<>();
        SortedSet<String> patterns = new TreeSet<>();
        SortedSet<String> dynamicSinks = new TreeSet<>();
        for (Group group : groups) {
            for (Node node : group.nodes()) {
                if (node instanceof Source source) {
                    topics.addAll(TopologyNodes.topics(source));
                    if (TopologyNodes.pattern(source) != null) {
                        patterns.add(TopologyNodes.pattern(source));
                    }
                } else if (node instanceof Sink sink) {
                    if (sink.topic() != null) {
                        topics.add(sink.topic());
                    } else {
                        dynamicSinks.add(sink.name());
                    }
                }
            }
        }
        topics.forEach(topic -> declareTopic(Kind.TOPIC, topic, topic));
        patterns.forEach(pattern -> declareTopic(Kind.TOPIC_PATTERN, pattern, "pattern: " + pattern));
        dynamicSinks.forEach(sink -> declareTopic(Kind.DYNAMIC_TOPIC, sink, "topic chosen per record by " + sink));
    }

    private void declareTopic(Kind kind, String name, String text) {
        lines.add(INDENT + ids.idFor(kind, name) + ">" + label(text) + "]");
    }

    private void declareGroup(Group group, Set<String> declaredStores) {
        Kind kind = group.globalStore() ? Kind.GLOBAL_STORE : Kind.SUBTOPOLOGY;
        lines.add(INDENT + "subgraph " + ids.idFor(kind, String.valueOf(group.id())) + " [" + label(group.title())
                + "]");
        SortedSet<String> stores = new TreeSet<>();
        for (Node node : group.nodes()) {
            lines.add(INDENT + INDENT + ids.idFor(Kind.NODE, node.name()) + "[" + label(node.name()) + "]");
            if (node instanceof Processor processor) {
                stores.addAll(TopologyNodes.stores(processor));
            }
        }
        for (String store : stores) {
            if (declaredStores.add(store)) {
                lines.add(INDENT + INDENT + ids.idFor(Kind.STORE, store) + "[(" + label(store) + ")]");
            }
        }
        lines.add(INDENT + "end");
    }

    private void addEdges(Node node) {
        String id = ids.idFor(Kind.NODE, node.name());
        if (node instanceof Source source) {
            TopologyNodes.topics(source).forEach(topic -> edge(ids.idFor(Kind.TOPIC, topic), "-->", id));
            if (TopologyNodes.pattern(source) != null) {
                edge(ids.idFor(Kind.TOPIC_PATTERN, TopologyNodes.pattern(source)), "-->", id);
            }
        }
        if (node instanceof Processor processor) {
            TopologyNodes.stores(processor).forEach(store -> edge(id, "-.-", ids.idFor(Kind.STORE, store)));
        }
        TopologyNodes.names(node.successors()).forEach(successor -> edge(id, "-->", ids.idFor(Kind.NODE, successor)));
        if (node instanceof Sink sink) {
            edge(id, "-->", sink.topic() != null ? ids.idFor(Kind.TOPIC, sink.topic())
                    : ids.idFor(Kind.DYNAMIC_TOPIC, sink.name()));
        }
    }

    private void edge(String from, String arrow, String to) {
        lines.add(INDENT + from + " " + arrow + " " + to);
    }
}
