package io.kkbridge.connect.kinesis.sink;

import io.kkbridge.connect.aws.AwsResource;
import java.util.function.BiFunction;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/** Where a sink sends each record: one fixed stream, or the stream its topic maps to. */
public final class Destinations {

    private final String singleStream;
    private final TopicMapping mapping;
    private final String configKey;
    private final BiFunction<String, String, AwsResource> resourceFactory;

    private Destinations(String singleStream, TopicMapping mapping, String configKey,
                         BiFunction<String, String, AwsResource> resourceFactory) {
        this.singleStream = singleStream;
        this.mapping = mapping;
        this.configKey = configKey;
        this.resourceFactory = resourceFactory;
    }

    /**
     * @param configKey       the setting that names the stream, for messages
     * @param resourceFactory such as {@code AwsResource::kinesisStream}
     */
    public static Destinations single(String stream, String configKey,
                                      BiFunction<String, String, AwsResource> resourceFactory) {
        return new Destinations(stream, null, configKey, resourceFactory);
    }

    public static Destinations mapped(TopicMapping mapping, String configKey,
                                      BiFunction<String, String, AwsResource> resourceFactory) {
        return new Destinations(null, mapping, configKey, resourceFactory);
    }

    /**
     * The stream for the record's topic: its topic after transformations, else its original topic.
     *
     * @throws ConnectException if neither topic has an entry in the mapping: a configuration problem, not one of
     *                          this record, so it fails the task whatever the error tolerance
     */
    public String streamFor(SinkRecord record) {
        if (singleStream != null) {
            return singleStream;
        }
        return mapping.streamFor(record.topic())
                .or(() -> mapping.streamFor(record.originalTopic()))
                .orElseThrow(() -> new ConnectException("Topic '" + record.topic() + "' has no entry in "
                        + configKey + " (record at " + RecordPosition.of(record) + "); add " + record.topic()
                        + ":<stream> to " + configKey));
    }

    public AwsResource resource(String stream) {
        return resourceFactory.apply(stream, configKey);
    }

    public String describe() {
        return singleStream != null ? "'" + singleStream + "'" : mapping.asMap().toString();
    }
}
