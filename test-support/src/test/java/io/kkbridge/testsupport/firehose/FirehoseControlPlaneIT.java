package io.kkbridge.testsupport.firehose;

import static io.kkbridge.testsupport.firehose.FirehoseTestSupport.ROLE_ARN;
import static io.kkbridge.testsupport.firehose.FirehoseTestSupport.createRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.DestinationDescription;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.ListDeliveryStreamsResponse;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

class FirehoseControlPlaneIT {

    @TempDir
    Path deliveryRoot;

    private LocalFirehose firehose;
    private FirehoseClient client;

    @BeforeEach
    void start() {
        firehose = LocalFirehose.start(deliveryRoot);
        client = FirehoseTestSupport.sdkClient(firehose);
    }

    @AfterEach
    void stop() {
        client.close();
        firehose.close();
    }

    @Test
    void shouldDescribeACreatedStreamAsTheApiReferenceShapesIt() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String arn = client.createDeliveryStream(createRequest("events", "lake", "events/", 1, 60))
                .deliveryStreamARN();
        Instant after = Instant.now();

        DeliveryStreamDescription description = client.describeDeliveryStream(r -> r.deliveryStreamName("events"))
                .deliveryStreamDescription();

        assertThat(arn).isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/events");
        assertThat(description.deliveryStreamName()).isEqualTo("events");
        assertThat(description.deliveryStreamARN()).isEqualTo(arn);
        assertThat(description.deliveryStreamStatus()).isEqualTo(DeliveryStreamStatus.ACTIVE);
        assertThat(description.deliveryStreamType()).isEqualTo(DeliveryStreamType.DIRECT_PUT);
        assertThat(description.versionId()).isEqualTo("1");
        assertThat(description.createTimestamp()).isBetween(before, after);
        assertThat(description.hasMoreDestinations()).isFalse();
        assertThat(description.deliveryStreamEncryptionConfiguration().status())
                .isEqualTo(DeliveryStreamEncryptionStatus.DISABLED);
        assertThat(description.destinations()).hasSize(1);
        DestinationDescription destination = description.destinations().get(0);
        assertThat(destination.destinationId()).isEqualTo("destinationId-000000000001");
        ExtendedS3DestinationDescription s3 = destination.extendedS3DestinationDescription();
        assertThat(s3.bucketARN()).isEqualTo("arn:aws:s3:::lake");
        assertThat(s3.roleARN()).isEqualTo(ROLE_ARN);
        assertThat(s3.prefix()).isEqualTo("events/");
        assertThat(s3.bufferingHints().sizeInMBs()).isEqualTo(1);
        assertThat(s3.bufferingHints().intervalInSeconds()).isEqualTo(60);
        assertThat(s3.compressionFormat()).isEqualTo(CompressionFormat.UNCOMPRESSED);
        assertThat(destination.s3DestinationDescription().bucketARN()).isEqualTo("arn:aws:s3:::lake");
    }

    @Test
    void shouldListNamesInPagesAndForgetDeletedStreams() {
        for (String name : new String[] {"c-stream", "a-stream", "b-stream"}) {
            client.createDeliveryStream(createRequest(name, "lake", null, 5, 300));
        }

        ListDeliveryStreamsResponse firstPage = client.listDeliveryStreams(r -> r.limit(2));
        ListDeliveryStreamsResponse secondPage = client.listDeliveryStreams(
                r -> r.limit(2).exclusiveStartDeliveryStreamName("b-stream"));
        client.deleteDeliveryStream(r -> r.deliveryStreamName("b-stream"));

        assertThat(firstPage.deliveryStreamNames()).containsExactly("a-stream", "b-stream");
        assertThat(firstPage.hasMoreDeliveryStreams()).isTrue();
        assertThat(secondPage.deliveryStreamNames()).containsExactly("c-stream");
        assertThat(secondPage.hasMoreDeliveryStreams()).isFalse();
        assertThat(client.listDeliveryStreams(r -> { }).deliveryStreamNames()).containsExactly("a-stream", "c-stream");
        assertThatThrownBy(() -> client.describeDeliveryStream(r -> r.deliveryStreamName("b-stream")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("b-stream");
        assertThatThrownBy(() -> client.deleteDeliveryStream(r -> r.deliveryStreamName("b-stream")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void shouldAnswerResourceInUseForADuplicateName() {
        client.createDeliveryStream(createRequest("dup", "lake", null, 5, 300));

        assertThatThrownBy(() -> client.createDeliveryStream(createRequest("dup", "other", null, 5, 300)))
                .isInstanceOfSatisfying(ResourceInUseException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400))
                .hasMessageContaining("dup");
    }

    @Test
    void shouldAnswerInvalidArgumentForConfigurationItDoesNotImitate() {
        assertThatThrownBy(() -> client.createDeliveryStream(createRequest("gz", "lake", null, 5, 300).toBuilder()
                        .extendedS3DestinationConfiguration(createRequest("gz", "lake", null, 5, 300)
                                .extendedS3DestinationConfiguration().toBuilder()
                                .compressionFormat(CompressionFormat.GZIP).build())
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("CompressionFormat GZIP");
        assertThatThrownBy(() -> client.createDeliveryStream(createRequest("big", "lake", null, 129, 300)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("SizeInMBs");
        assertThat(client.listDeliveryStreams(r -> { }).deliveryStreamNames()).isEmpty();
    }

    @Test
    void shouldShowStreamsCreatedThroughTheJavaApiOnTheWire() {
        firehose.createDeliveryStream(DeliveryStreamConfig.of("sandbox", "lake").withPrefix("sandbox/"));

        ExtendedS3DestinationDescription s3 = client.describeDeliveryStream(r -> r.deliveryStreamName("sandbox"))
                .deliveryStreamDescription().destinations().get(0).extendedS3DestinationDescription();

        assertThat(s3.prefix()).isEqualTo("sandbox/");
        assertThat(s3.bufferingHints().sizeInMBs()).isEqualTo(5);
        assertThat(s3.bufferingHints().intervalInSeconds()).isEqualTo(300);
        assertThat(firehose.deliveryStreamNames()).containsExactly("sandbox");
    }
}
