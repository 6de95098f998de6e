package io.kkbridge.testsupport.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class CreateDeliveryStreamRequestTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";

    @Test
    void shouldReadExtendedS3DestinationWithItsBufferingHints() throws Exception {
        DeliveryStreamConfig config = CreateDeliveryStreamRequest.parse(json("""
                {"DeliveryStreamName":"events","DeliveryStreamType":"DirectPut",
                 "ExtendedS3DestinationConfiguration":{"RoleARN":"%s","BucketARN":"arn:aws:s3:::lake",
                   "Prefix":"events/","BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":1}}}""".formatted(ROLE)));

        assertThat(config).isEqualTo(new DeliveryStreamConfig("events", "lake", "events/", new BufferingHints(1, 1),
                ROLE));
    }

    @Test
    void shouldDefaultToFiveMibAndThreeHundredSecondsForAPlainS3Destination() throws Exception {
        DeliveryStreamConfig config = CreateDeliveryStreamRequest.parse(json("""
                {"DeliveryStreamName":"s","S3DestinationConfiguration":{"RoleARN":"%s",
                 "BucketARN":"arn:aws-cn:s3:::b.c-d"}}""".formatted(ROLE)));

        assertThat(config.bucket()).isEqualTo("b.c-d");
        assertThat(config.prefix()).isEmpty();
        assertThat(config.bufferingHints()).isEqualTo(new BufferingHints(5, 300));
    }

    @Test
    void shouldRefuseWhatTheDoubleDoesNotImitate() {
        assertInvalid("""
                {"DeliveryStreamName":"s","DeliveryStreamType":"KinesisStreamAsSource",
                 "S3DestinationConfiguration":{"RoleARN":"r","BucketARN":"arn:aws:s3:::b12"}}""",
                "DeliveryStreamType KinesisStreamAsSource is not supported");
        assertInvalid("""
                {"DeliveryStreamName":"s","HttpEndpointDestinationConfiguration":{}}""",
                "not supported by this Firehose test double");
        assertInvalid("""
                {"DeliveryStreamName":"s","ExtendedS3DestinationConfiguration":{"RoleARN":"r",
                 "BucketARN":"arn:aws:s3:::b12","CompressionFormat":"GZIP"}}""", "CompressionFormat GZIP");
        assertInvalid("""
                {"DeliveryStreamName":"s","ExtendedS3DestinationConfiguration":{"RoleARN":"r",
                 "BucketARN":"arn:aws:s3:::b12","Prefix":"dt=!{timestamp:yyyy}/"}}""", "Prefix expressions");
    }

    @Test
    void shouldRefuseInvalidNamesBucketsPrefixesAndHints() {
        assertInvalid("""
                {"DeliveryStreamName":"no spaces","S3DestinationConfiguration":{"RoleARN":"r",
                 "BucketARN":"arn:aws:s3:::b12"}}""", "DeliveryStreamName must be");
        assertInvalid("""
                {"DeliveryStreamName":"s","S3DestinationConfiguration":{"RoleARN":"r",
                 "BucketARN":"arn:aws:s3:::b12/key"}}""", "not an S3 bucket ARN");
        assertInvalid("""
                {"DeliveryStreamName":"s","S3DestinationConfiguration":{"RoleARN":"r",
                 "BucketARN":"arn:aws:s3:::Upper"}}""", "Not a valid S3 bucket name");
        assertInvalid("""
                {"DeliveryStreamName":"s","S3DestinationConfiguration":{"RoleARN":"r",
                 "BucketARN":"arn:aws:s3:::b12","Prefix":"a/../../etc/"}}""", "'..' segments");
        assertInvalid("""
                {"DeliveryStreamName":"s","S3DestinationConfiguration":{"RoleARN":"r",
                 "BucketARN":"arn:aws:s3:::b12","BufferingHints":{"SizeInMBs":129}}}""", "SizeInMBs must be 1..128");
        assertInvalid("""
                {"DeliveryStreamName":"s","S3DestinationConfiguration":{"BucketARN":"arn:aws:s3:::b12"}}""",
                "RoleARN is required");
    }

    private static void assertInvalid(String request, String messagePart) {
        assertThatThrownBy(() -> CreateDeliveryStreamRequest.parse(json(request)))
                .isInstanceOfSatisfying(FirehoseError.class,
                        error -> assertThat(error.type()).isEqualTo(FirehoseError.INVALID_ARGUMENT))
                .hasMessageContaining(messagePart);
    }

    private static JsonNode json(String text) throws Exception {
        return AwsJson.MAPPER.readTree(text);
    }
}
