package io.kkbridge.connect.aws;

/**
 * What an AWS call was about, so an error message can name it and the setting that chose it.
 *
 * @param description for people, such as {@code Kinesis stream 'orders'}
 * @param configKey   the connector setting that names this resource
 */
public record AwsResource(String description, String configKey) {

    public static AwsResource kinesisStream(String streamName, String configKey) {
        return new AwsResource("Kinesis stream '" + streamName + "'", configKey);
    }

    public static AwsResource firehoseDeliveryStream(String deliveryStreamName, String configKey) {
        return new AwsResource("Firehose delivery stream '" + deliveryStreamName + "'", configKey);
    }
}
