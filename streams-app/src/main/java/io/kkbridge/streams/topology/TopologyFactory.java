package io.kkbridge.streams.topology;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.pipeline.events.EventsPipeline;
import io.kkbridge.streams.pipeline.purchases.PurchasesPipeline;
import io.kkbridge.streams.pipeline.salescdc.SalesCdcPipeline;
import io.kkbridge.streams.pipeline.useractivity.UserActivityPipeline;

/**
 * Builds the application's topology from its configuration: a pure function, no clients, no threads, so
 * {@code TopologyTestDriver} tests and the generated docs use exactly the production topology.
 */
public final class TopologyFactory {

    private TopologyFactory() {
    }

    public static Topology build(AppConfig config) {
        return build(config, Clock.systemUTC());
    }

    /** As {@link #build(AppConfig)}, with the clock that stamps {@code processing_timestamp}. */
    public static Topology build(AppConfig config, Clock clock) {
        StreamsBuilder builder = newBuilder(config);
        for (Pipeline pipeline : pipelines(config, clock)) {
            pipeline.addTo(builder);
        }
        return builder.build();
    }

    /** The pipelines the configuration enables, in a stable order. */
    public static List<Pipeline> pipelines(AppConfig config, Clock clock) {
        List<Pipeline> pipelines = new ArrayList<>();
        List<String> enabled = config.pipelines();
        if (enabled.contains(AppConfig.PIPELINE_USER_ACTIVITY)) {
            pipelines.add(new UserActivityPipeline(config, clock));
        }
        if (enabled.contains(AppConfig.PIPELINE_EVENTS)) {
            pipelines.add(new EventsPipeline(config));
        }
        if (enabled.contains(AppConfig.PIPELINE_PURCHASES)) {
            pipelines.add(new PurchasesPipeline(config));
        }
        if (enabled.contains(AppConfig.PIPELINE_SALES_CDC)) {
            pipelines.add(new SalesCdcPipeline(config));
        }
        return pipelines;
    }

    /** The topology of a single pipeline, for its own documentation page. */
    public static Topology buildOne(AppConfig config, Pipeline pipeline) {
        StreamsBuilder builder = newBuilder(config);
        pipeline.addTo(builder);
        return builder.build();
    }

    /** A builder with the application's topology-level settings (the no-argument one uses built-in defaults). */
    private static StreamsBuilder newBuilder(AppConfig config) {
        return new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streamsProperties())));
    }
}
