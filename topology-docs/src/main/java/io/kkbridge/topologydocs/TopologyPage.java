package io.kkbridge.topologydocs;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.apache.kafka.streams.TopologyDescription.Sink;
import org.apache.kafka.streams.TopologyDescription.Source;

import io.kkbridge.topologydocs.TopologyNodes.Group;

/** One topology's page: topics, a Mermaid diagram, a table of nodes and the {@code describe()} text. */
final class TopologyPage {

    private TopologyPage() {
    }

    /**
     * @param title the page title, plain text
     * @param introduction Markdown saying which topology this is
     */
    static String render(String title, String introduction, TopologyDescription description) {
        List<Group> groups = TopologyNodes.groups(description);
        StringBuilder page = new StringBuilder();
        page.append("# ").append(title).append("\n\n");
        page.append(TopologyDocsGenerator.GENERATED_NOTICE).append("\n\n");
        page.append(introduction).append("\n\n");
        page.append("## Topics and stores\n\n").append(topics(groups)).append('\n');
        page.append("## Diagram\n\n").append(Markdown.fenced("mermaid", MermaidFlowchart.render(description)))
                .append('\n');
        page.append("## Nodes\n\n").append(nodeTable(groups)).append('\n');
        page.append("## `describe()`\n\n").append(Markdown.fenced("text", describeText(description)));
        return page.toString();
    }

    private static String topics(List<Group> groups) {
        SortedSet<String> read = new TreeSet<>();
        SortedSet<String> written = new TreeSet<>();
        SortedSet<String> patterns = new TreeSet<>();
        SortedSet<String> dynamicSinks = new TreeSet<>();
        SortedSet<String> stores = new TreeSet<>();
        for (Group group : groups) {
            for (Node node : group.nodes()) {
                if (node instanceof Source source) {
                    read.addAll(TopologyNodes.topics(source));
                    if (TopologyNodes.pattern(source) != null) {
                        patterns.add(TopologyNodes.pattern(source));
                    }
                } else if (node instanceof Sink sink) {
                    if (sink.topic() != null) {
                        written.add(sink.topic());
                    } else {
                        dynamicSinks.add(sink.name());
                    }
                } else if (node instanceof Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }
        SortedSet<String> internal = new TreeSet<>(read);
        internal.retainAll(written);
        read.removeAll(internal);
        written.removeAll(internal);

        List<String> items = new ArrayList<>();
        items.add("- Input topics: " + Markdown.codeList(List.copyOf(read)));
        if (!patterns.isEmpty()) {
            items.add("- Input topic patterns: " + Markdown.codeList(List.copyOf(patterns)));
        }
        items.add("- Output topics: " + Markdown.codeList(List.copyOf(written)));
        if (!dynamicSinks.isEmpty()) {
            items.add("- Output topics chosen per record by: " + Markdown.codeList(List.copyOf(dynamicSinks)));
        }
        if (!internal.isEmpty()) {
            items.add("- Topics both written and read by this topology: " + Markdown.codeList(List.copyOf(internal)));
        }
        items.add("- State stores: " + Markdown.codeList(List.copyOf(stores)));
        return items.stream().map(item -> item + "\n").collect(Collectors.joining());
    }

    private static String nodeTable(List<Group> groups) {
        StringBuilder table = new StringBuilder();
        table.append(Markdown.row(List.of("Sub-topology", "Node", "Kind", "Predecessors", "Successors",
                "Topics / stores"))).append('\n');
        table.append(Markdown.separatorRow(6)).append('\n');
        for (Group group : groups) {
            for (Node node : group.nodes()) {
                table.append(Markdown.row(List.of(group.title(), Markdown.code(node.name()), TopologyNodes.kind(node),
                        Markdown.codeList(TopologyNodes.names(node.predecessors())),
                        Markdown.codeList(TopologyNodes.names(node.successors())), topicsAndStores(node))))
                        .append('\n');
            }
        }
        return table.toString();
    }

    private static String topicsAndStores(Node node) {
        if (node instanceof Source source) {
            return TopologyNodes.pattern(source) != null
                    ? "reads pattern " + Markdown.code(TopologyNodes.pattern(source))
                    : "reads " + Markdown.codeList(TopologyNodes.topics(source));
        }
        if (node instanceof Sink sink) {
            return sink.topic() != null ? "writes " + Markdown.code(sink.topic()) : "writes a topic chosen per record";
        }
        if (node instanceof Processor processor && !processor.stores().isEmpty()) {
            return "stores " + Markdown.codeList(TopologyNodes.stores(processor));
        }
        return Markdown.NONE;
    }

    /** Kafka Streams' own text, without the blanks it leaves at line ends that editors and diffs would fight over. */
    private static String describeText(TopologyDescription description) {
        return description.toString().lines().map(String::stripTrailing).collect(Collectors.joining("\n")).stripTrailing()
                + "\n";
    }
}
