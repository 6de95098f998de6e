package io.kkbridge.streams.topology;

import java.util.List;

import org.apache.kafka.streams.StreamsBuilder;

import io.kkbridge.streams.store.ItemTable;

/** One use case's part of the topology. Adding it to a builder has no side effects beyond the builder. */
public interface Pipeline {

    /** The pipeline's name: the prefix of every processor, branch and store it adds. */
    String name();

    void addTo(StreamsBuilder builder);

    /** The tables (keyed stores) this pipeline keeps, served by the query API. */
    default List<ItemTable> tables() {
        return List.of();
    }
}
