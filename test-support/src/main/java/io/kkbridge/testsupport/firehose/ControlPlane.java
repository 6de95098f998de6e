package io.kkbridge.testsupport.firehose;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * CreateDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams and DeleteDeliveryStream, with the request
 * and response shapes of the Firehose API reference. Streams are ACTIVE as soon as they are created: the real
 * service passes through CREATING, which tests of a sink have no use for.
 */
final class ControlPlane {

    static final String DESTINATION_ID = "destinationId-000000000001";
    private static final int DEFAULT_LIST_LIMIT = 10;
    private static final int MAX_LIST_LIMIT = 10_000;

    private final DeliveryStreamRegistry registry;
    private final FaultInjector faults;

    ControlPlane(DeliveryStreamRegistry registry, FaultInjector faults) {
        this.registry = registry;
        this.faults = faults;
    }

    // Each operation validates and looks up first and draws an injected fault before it changes anything.

    ObjectNode create(JsonNode request) {
        DeliveryStreamConfig config = CreateDeliveryStreamRequest.parse(request);
        faults.failCallIfInjected(FirehoseOperation.CREATE_DELIVERY_STREAM);
        DeliveryStream stream = registry.create(config);
        return AwsJson.object().put("DeliveryStreamARN", stream.arn());
    }

    ObjectNode describe(JsonNode request) {
        DeliveryStream stream = registry.get(AwsJson.requiredString(request, "DeliveryStreamName"));
        faults.failCallIfInjected(FirehoseOperation.DESCRIBE_DELIVERY_STREAM);
        ObjectNode response = AwsJson.object();
        ObjectNode description = response.putObject("DeliveryStreamDescription");
        description.put("DeliveryStreamName", stream.name())
                .put("DeliveryStreamARN", stream.arn())
                .put("DeliveryStreamStatus", "ACTIVE")
                .put("DeliveryStreamType", CreateDeliveryStreamRequest.DIRECT_PUT)
                .put("VersionId", DeliveryStream.VERSION_ID)
                .put("CreateTimestamp", AwsJson.epochSeconds(stream.createdAt()))
                .put("HasMoreDestinations", false);
        description.putObject("DeliveryStreamEncryptionConfiguration").put("Status", "DISABLED");
        ObjectNode destination = description.putArray("Destinations").addObject();
        destination.put("DestinationId", DESTINATION_ID);
        destination.set("S3DestinationDescription", s3Description(stream.config()));
        destination.set("ExtendedS3DestinationDescription",
                s3Description(stream.config()).put("S3BackupMode", "Disabled"));
        return response;
    }

    ObjectNode list(JsonNode request) {
        int limit = AwsJson.optionalInt(request, "Limit", DEFAULT_LIST_LIMIT);
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw FirehoseError.invalidArgument("Limit must be 1.." + MAX_LIST_LIMIT + ", was " + limit);
        }
        String type = AwsJson.optionalString(request, "DeliveryStreamType")
                .orElse(CreateDeliveryStreamRequest.DIRECT_PUT);
        faults.failCallIfInjected(FirehoseOperation.LIST_DELIVERY_STREAMS);
        // Every stream of the double is DirectPut, so any other type filter lists nothing.
        List<String> names = CreateDeliveryStreamRequest.DIRECT_PUT.equals(type)
                ? registry.namesAfter(AwsJson.optionalString(request, "ExclusiveStartDeliveryStreamName").orElse(null))
                : List.of();
        ObjectNode response = AwsJson.object();
        ArrayNode page = response.putArray("DeliveryStreamNames");
        names.stream().limit(limit).forEach(page::add);
        response.put("HasMoreDeliveryStreams", names.size() > limit);
        return response;
    }

    ObjectNode delete(JsonNode request) {
        String name = AwsJson.requiredString(request, "DeliveryStreamName");
        registry.get(name);
        faults.failCallIfInjected(FirehoseOperation.DELETE_DELIVERY_STREAM);
        registry.delete(name);
        return AwsJson.object();
    }

    private static ObjectNode s3Description(DeliveryStreamConfig config) {
        ObjectNode s3 = AwsJson.object()
                .put("RoleARN", config.roleArn())
                .put("BucketARN", config.bucketArn());
        if (!config.prefix().isEmpty()) {
            s3.put("Prefix", config.prefix());
        }
        s3.putObject("BufferingHints")
                .put("SizeInMBs", config.bufferingHints().sizeInMBs())
                .put("IntervalInSeconds", config.bufferingHints().intervalInSeconds());
        s3.put("CompressionFormat", CreateDeliveryStreamRequest.UNCOMPRESSED);
        s3.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
        s3.putObject("CloudWatchLoggingOptions").put("Enabled", false);
        return s3;
    }
}
