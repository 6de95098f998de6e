package io.kkbridge.streams.pipeline.events;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.pipeline.EnrichingProcessor;
import io.kkbridge.streams.pipeline.Routed;
import io.kkbridge.streams.topology.Pipeline;

/** events: enrich data-lake events for partitioning by date and type, keyed by {@code event_uuid}. */
public final class EventsPipeline implements Pipeline {

    private final String inputTopic;
    private final String outputTopic;
    private final String deadLetterTopic;

    public EventsPipeline(AppConfig config) {
        this.inputTopic = config.getString(AppConfig.EVENTS_INPUT_TOPIC_CONFIG);
        this.outputTopic = config.getString(AppConfig.EVENTS_OUTPUT_TOPIC_CONFIG);
        this.deadLetterTopic = config.getString(AppConfig.EVENTS_DLQ_TOPIC_CONFIG);
    }

    @Override
    public String name() {
        return AppConfig.PIPELINE_EVENTS;
    }

    @Override
    public void addTo(StreamsBuilder builder) {
        String name = name();
        Produced<byte[], Routed> produced = Produced.with(Serdes.ByteArray(), Routed.valueSerde());
        builder.stream(inputTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .process(() -> new EnrichingProcessor(name, new EventEnricher()), Named.as(name + "-enrich"))
                .split(Named.as(name + "-route-"))
                .branch((key, value) -> value.hasRoute(EventEnricher.ROUTE_ENRICHED),
                        Branched.<byte[], Routed>withConsumer(enriched -> enriched.to(outputTopic,
                                produced.withName(name + "-enriched-sink"))).withName("enriched"))
                .defaultBranch(Branched.<byte[], Routed>withConsumer(deadLetters -> deadLetters.to(deadLetterTopic,
                        produced.withName(name + "-dlq-sink"))).withName("dlq"));
    }
}
