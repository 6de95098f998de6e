package io.kkbridge.testsupport.firehose;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a CreateDeliveryStream request into a {@link DeliveryStreamConfig}. The double supports DirectPut streams
 * with one S3 destination, written as given; anything that would change what lands in S3 in ways it does not
 * imitate (compression, record processing, other destinations or sources) is refused rather than ignored.
 */
final class CreateDeliveryStreamRequest {

    static final String DIRECT_PUT = "DirectPut";
    static final String UNCOMPRESSED = "UNCOMPRESSED";

    private CreateDeliveryStreamRequest() {
    }

    static DeliveryStreamConfig parse(JsonNode request) {
        String name = AwsJson.requiredString(request, "DeliveryStreamName");
        String type = AwsJson.optionalString(request, "DeliveryStreamType").orElse(DIRECT_PUT);
        if (!DIRECT_PUT.equals(type)) {
            throw unsupported("DeliveryStreamType " + type);
        }
        JsonNode destination = s3Destination(request);
        String bucket = bucketOf(AwsJson.requiredString(destination, "BucketARN"));
        String roleArn = AwsJson.requiredString(destination, "RoleARN");
        String prefix = AwsJson.optionalString(destination, "Prefix").orElse("");
        String compression = AwsJson.optionalString(destination, "CompressionFormat").orElse(UNCOMPRESSED);
        if (!UNCOMPRESSED.equals(compression)) {
            throw unsupported("CompressionFormat " + compression);
        }
        JsonNode processing = destination.path("ProcessingConfiguration");
        if (processing.path("Enabled").asBoolean(false)) {
            throw unsupported("ProcessingConfiguration");
        }
        try {
            return new DeliveryStreamConfig(name, bucket, prefix, bufferingHints(destination), roleArn);
        } catch (IllegalArgumentException e) {
            throw FirehoseError.invalidArgument(e.getMessage());
        }
    }

    private static JsonNode s3Destination(JsonNode request) {
        JsonNode extended = request.get("ExtendedS3DestinationConfiguration");
        JsonNode plain = request.get("S3DestinationConfiguration");
        if (extended != null && plain != null) {
            throw FirehoseError.invalidArgument(
                    "Give either ExtendedS3DestinationConfiguration or S3DestinationConfiguration, not both");
        }
        JsonNode destination = extended != null ? extended : plain;
        if (destination == null || !destination.isObject()) {
            throw unsupported("a destination other than ExtendedS3DestinationConfiguration or "
                    + "S3DestinationConfiguration");
        }
        return destination;
    }

    private static BufferingHints bufferingHints(JsonNode destination) {
        JsonNode hints = destination.path("BufferingHints");
        return new BufferingHints(
                AwsJson.optionalInt(hints, "SizeInMBs", BufferingHints.DEFAULT.sizeInMBs()),
                AwsJson.optionalInt(hints, "IntervalInSeconds", BufferingHints.DEFAULT.intervalInSeconds()));
    }

    /** {@code arn:<partition>:s3:::<bucket>} is the only form an S3 bucket ARN takes. */
    static String bucketOf(String bucketArn) {
        String[] parts = bucketArn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("s3")
                || !parts[3].isEmpty() || !parts[4].isEmpty() || parts[5].isEmpty() || parts[5].contains("/")) {
            throw FirehoseError.invalidArgument("BucketARN is not an S3 bucket ARN: " + bucketArn);
        }
        return parts[5];
    }

    private static FirehoseError unsupported(String what) {
        return FirehoseError.invalidArgument(what + " is not supported by this Firehose test double (LocalFirehose)");
    }
}
