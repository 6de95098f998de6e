package io.kkbridge.testsupport.firehose;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;

/** The real SDK client pointed at the double, and small helpers the ITs share. */
final class FirehoseTestSupport {

    static final String ROLE_ARN = "arn:aws:iam::000000000000:role/firehose-it";

    private FirehoseTestSupport() {
    }

    /** Retries are off so every SDK call is exactly one HTTP call and the counters stay exact. */
    static FirehoseClient sdkClient(LocalFirehose firehose) {
        return FirehoseClient.builder()
                .endpointOverride(firehose.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "dummy-secret-for-the-test-double")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static CreateDeliveryStreamRequest createRequest(String name, String bucket, String prefix, int sizeInMBs,
                                                     int intervalInSeconds) {
        return CreateDeliveryStreamRequest.builder()
                .deliveryStreamName(name)
                .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder()
                        .roleARN(ROLE_ARN)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .prefix(prefix)
                        .bufferingHints(BufferingHints.builder()
                                .sizeInMBs(sizeInMBs)
                                .intervalInSeconds(intervalInSeconds)
                                .build())
                        .build())
                .build();
    }

    static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
