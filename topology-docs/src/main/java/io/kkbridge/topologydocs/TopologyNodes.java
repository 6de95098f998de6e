package io.kkbridge.topologydocs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.GlobalStore;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.apache.kafka.streams.TopologyDescription.Sink;
import org.apache.kafka.streams.TopologyDescription.Source;
import org.apache.kafka.streams.TopologyDescription.Subtopology;

/**
 * A topology description as the pages read it: groups of nodes (sub-topologies, then global stores) in a stable
 * order, and each node's kind, neighbours, topics and stores.
 */
final class TopologyNodes {

    /** A sub-topology or a global store, with its nodes in the order Kafka Streams describes them. */
    record Group(int id, boolean globalStore, List<Node> nodes) {

        String title() {
            return globalStore ? "Global store (sub-topology " + id + ")" : "Sub-topology " + id;
        }
    }

    private TopologyNodes() {
    }

    static List<Group> groups(TopologyDescription description) {
        List<Group> groups = new ArrayList<>();
        description.subtopologies().stream()
                .sorted(Comparator.comparingInt(Subtopology::id))
                .forEach(subtopology -> groups.add(new Group(subtopology.id(), false,
                        List.copyOf(subtopology.nodes()))));
        description.globalStores().stream()
                .sorted(Comparator.comparingInt(GlobalStore::id))
                .forEach(store -> groups.add(new Group(store.id(), true, List.of(store.source(), store.processor()))));
        return groups;
    }

    static String kind(Node node) {
        if (node instanceof Source) {
            return "source";
        }
        if (node instanceof Sink) {
            return "sink";
        }
        if (node instanceof Processor) {
            return "processor";
        }
        return "node";
    }

    static List<String> names(Set<Node> nodes) {
        return nodes.stream().map(Node::name).sorted().toList();
    }

    /** The topics a source reads by name, sorted; empty for a pattern source. */
    static List<String> topics(Source source) {
        return source.topicSet() == null ? List.of() : new ArrayList<>(new TreeSet<>(source.topicSet()));
    }

    /** The pattern a source subscribes to, or null. */
    static String pattern(Source source) {
        return source.topicPattern() == null ? null : source.topicPattern().pattern();
    }

    static List<String> stores(Processor processor) {
        return new ArrayList<>(new TreeSet<>(processor.stores()));
    }
}
