package io.kkbridge.streams.pipeline.useractivity;

import java.time.Clock;

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

/**
 * user-activity: enrich each session and route it to the USA or the international topic, keyed by
 * {@code session_id}; anything that cannot be processed goes to the dead-letter topic.
 */
public final class UserActivityPipeline implements Pipeline {

    private final String inputTopic;
    private final String usaTopic;
    private final String internationalTopic;
    private final String deadLetterTopic;
    private final CountryMatcher countryMatcher;
    private final Clock clock;

    public UserActivityPipeline(AppConfig config, Clock clock) {
        this.inputTopic = config.getString(AppConfig.USER_ACTIVITY_INPUT_TOPIC_CONFIG);
        this.usaTopic = config.getString(AppConfig.USER_ACTIVITY_USA_TOPIC_CONFIG);
        this.internationalTopic = config.getString(AppConfig.USER_ACTIVITY_INTERNATIONAL_TOPIC_CONFIG);
        this.deadLetterTopic = config.getString(AppConfig.USER_ACTIVITY_DLQ_TOPIC_CONFIG);
        this.countryMatcher = config.usaMatcher();
        this.clock = clock;
    }

    @Override
    public String name() {
        return AppConfig.PIPELINE_USER_ACTIVITY;
    }

    @Override
    public void addTo(StreamsBuilder builder) {
        String name = name();
        Produced<byte[], Routed> produced = Produced.with(Serdes.ByteArray(), Routed.valueSerde());
        builder.stream(inputTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .process(() -> new EnrichingProcessor(name, new UserActivityEnricher(countryMatcher, clock)),
                        Named.as(name + "-enrich"))
                .split(Named.as(name + "-route-"))
                .branch((key, value) -> value.hasRoute(UserActivityEnricher.ROUTE_USA),
                        Branched.<byte[], Routed>withConsumer(usa -> usa.to(usaTopic,
                                produced.withName(name + "-usa-sink"))).withName("usa"))
                .branch((key, value) -> value.hasRoute(UserActivityEnricher.ROUTE_INTERNATIONAL),
                        Branched.<byte[], Routed>withConsumer(international -> international.to(internationalTopic,
                                produced.withName(name + "-international-sink"))).withName("international"))
                .defaultBranch(Branched.<byte[], Routed>withConsumer(deadLetters -> deadLetters.to(deadLetterTopic,
                        produced.withName(name + "-dlq-sink"))).withName("dlq"));
    }
}
