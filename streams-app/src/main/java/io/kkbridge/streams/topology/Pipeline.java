package io.kkbridge.streams.topology;

import org.apache.kafka.streams.StreamsBuilder;

/** One use case's part of the topology. Adding it to a builder has no side effects beyond the builder. */
public interface Pipeline {

    /** The pipeline's name: the prefix of every processor, branch and store it adds. */
    String name();

    void addTo(StreamsBuilder builder);
}
