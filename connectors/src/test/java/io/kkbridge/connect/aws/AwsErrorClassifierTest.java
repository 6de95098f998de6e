package io.kkbridge.connect.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ValidationException;
import software.amazon.awssdk.services.sts.model.StsException;

class AwsErrorClassifierTest {

    private static final AwsResource ORDERS = AwsResource.kinesisStream("orders", "kinesis.stream.names");
    private static final AwsResource LAKE = AwsResource.firehoseDeliveryStream("lake", "firehose.delivery.stream");

    private final AwsErrorClassifier classifier =
            new AwsErrorClassifier(AwsSettingsTest.settings(Map.of("aws.region", "eu-west-1")));

    // --- retriable ---

    @Test
    void shouldRetryProvisionedThroughputExceeded() {
        ClassifiedError error = classifier.classify(service(ProvisionedThroughputExceededException.builder(),
                "ProvisionedThroughputExceededException", 400, "Rate exceeded for shard shardId-000000000001."),
                ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.THROTTLED);
        assertThat(error.retriable()).isTrue();
        assertThat(error.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.message()).isEqualTo("Kinesis stream 'orders': throttled by AWS "
                + "(ProvisionedThroughputExceededException, HTTP 400): Rate exceeded for shard shardId-000000000001");
    }

    @Test
    void shouldRetryLimitExceeded() {
        assertThat(classifier.classify(service(LimitExceededException.builder(), "LimitExceededException", 400,
                "Rate exceeded for stream orders"), ORDERS).category()).isEqualTo(ErrorCategory.THROTTLED);
    }

    @Test
    void shouldRetryThrottlingExceptionCode() {
        assertThat(classifier.classify(service(StsException.builder(), "ThrottlingException", 400, "Rate exceeded"),
                ORDERS).category()).isEqualTo(ErrorCategory.THROTTLED);
    }

    @Test
    void shouldRetryKmsThrottling() {
        assertThat(classifier.classify(service(KmsThrottlingException.builder(), "KMSThrottlingException", 400,
                "KMS rate exceeded"), ORDERS).category()).isEqualTo(ErrorCategory.THROTTLED);
    }

    @Test
    void shouldRetryHttp429WhateverTheCode() {
        assertThat(classifier.classify(service(KinesisException.builder(), "SomethingNew", 429, "slow down"),
                ORDERS).category()).isEqualTo(ErrorCategory.THROTTLED);
    }

    @Test
    void shouldRetryHttp500() {
        ClassifiedError error = classifier.classify(service(KinesisException.builder(), "InternalFailure", 500,
                "Internal service failure."), ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(error.retriable()).isTrue();
        assertThat(error.message()).isEqualTo("Kinesis stream 'orders': AWS server error (InternalFailure, HTTP 500): "
                + "Internal service failure");
    }

    @Test
    void shouldTakeFirehoseServiceUnavailableForThrottling() {
        ClassifiedError error = classifier.classify(service(ServiceUnavailableException.builder(),
                "ServiceUnavailableException", 503, "Slow down."), LAKE);

        assertThat(error.category()).isEqualTo(ErrorCategory.THROTTLED);
        assertThat(error.message()).isEqualTo("Firehose delivery stream 'lake': throttled by AWS "
                + "(ServiceUnavailableException, HTTP 503): Slow down");
    }

    @Test
    void shouldRetryServerErrorWithoutErrorDetails() {
        AwsServiceException bare = FirehoseException.builder().statusCode(502).message("Bad gateway").build();

        ClassifiedError error = classifier.classify(bare, LAKE);

        assertThat(error.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(error.errorCode()).isNull();
        assertThat(error.message()).isEqualTo("Firehose delivery stream 'lake': AWS server error (HTTP 502): "
                + "Bad gateway");
    }

    @Test
    void shouldRetryClientExceptionCausedByIo() {
        SdkClientException refused = SdkClientException.builder()
                .message("Unable to execute HTTP request: Connection refused")
                .cause(new ConnectException("Connection refused")).build();

        ClassifiedError error = classifier.classify(refused, ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.NETWORK);
        assertThat(error.retriable()).isTrue();
        assertThat(error.message()).isEqualTo("Kinesis stream 'orders': no answer from AWS (SdkClientException: "
                + "Unable to execute HTTP request: Connection refused). If this persists, check network access to "
                + "the regional AWS endpoint");
    }

    @Test
    void shouldRetryABrokenConnectionThatTheAsyncClientSignalsAsABareIoException() {
        java.io.IOException closed = new java.io.IOException("An error occurred on the connection: "
                + "java.nio.channels.ClosedChannelException, [channel: 23b3753d]. All streams will be closed",
                new java.nio.channels.ClosedChannelException());

        ClassifiedError error = classifier.classify(new java.util.concurrent.CompletionException(closed), ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.NETWORK);
        assertThat(error.cause()).isSameAs(closed);
        assertThat(error.message()).startsWith("Kinesis stream 'orders': no answer from AWS (IOException: An error "
                + "occurred on the connection");
        assertThat(classifier.classify(new IllegalStateException("wrapped", closed), ORDERS).category())
                .isEqualTo(ErrorCategory.NETWORK);
    }

    @Test
    void shouldNameTheEndpointOverrideInNetworkErrors() {
        AwsErrorClassifier local = new AwsErrorClassifier(AwsSettingsTest.settings(
                Map.of("aws.region", "eu-west-1", "aws.endpoint.override", "http://127.0.0.1:4567")));
        SdkClientException timeout = SdkClientException.builder().message("Read timed out")
                .cause(new SocketTimeoutException("Read timed out")).build();

        assertThat(local.classify(timeout, ORDERS).message()).endsWith(
                "check network access to endpoint http://127.0.0.1:4567 and aws.endpoint.override");
    }

    @Test
    void shouldRetryApiCallTimeouts() {
        assertThat(classifier.classify(ApiCallAttemptTimeoutException.builder().message("attempt timed out").build(),
                ORDERS).category()).isEqualTo(ErrorCategory.NETWORK);
        assertThat(classifier.classify(ApiCallTimeoutException.builder().message("call timed out").build(),
                ORDERS).category()).isEqualTo(ErrorCategory.NETWORK);
    }

    @Test
    void shouldRetryResourceInUse() {
        ClassifiedError error = classifier.classify(service(ResourceInUseException.builder(),
                "ResourceInUseException", 400, "Stream orders is in CREATING state."), ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.RESOURCE_BUSY);
        assertThat(error.retriable()).isTrue();
    }

    @Test
    void shouldUnwrapAsyncWrappers() {
        Throwable throttled = service(ProvisionedThroughputExceededException.builder(),
                "ProvisionedThroughputExceededException", 400, "Rate exceeded");

        assertThat(classifier.classify(new CompletionException(throttled), ORDERS).category())
                .isEqualTo(ErrorCategory.THROTTLED);
        assertThat(classifier.classify(new ExecutionException(new CompletionException(throttled)), ORDERS)
                .category()).isEqualTo(ErrorCategory.THROTTLED);
    }

    // --- fatal ---

    @Test
    void shouldFailOnUnrecognizedClientNamingStaticKeySettings() {
        AwsErrorClassifier withStaticKeys = new AwsErrorClassifier(AwsSettingsTest.settings(Map.of(
                "aws.region", "eu-west-1", "aws.access.key.id", "AKID", "aws.secret.access.key", "secret")));

        ClassifiedError error = withStaticKeys.classify(service(KinesisException.builder(),
                "UnrecognizedClientException", 400, "The security token included in the request is invalid."),
                ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.AUTHORIZATION);
        assertThat(error.retriable()).isFalse();
        assertThat(error.message()).isEqualTo("Kinesis stream 'orders': AWS refused the credentials or denied the "
                + "action (UnrecognizedClientException, HTTP 400): The security token included in the request is "
                + "invalid. Check aws.access.key.id and aws.secret.access.key, and that the IAM policy allows this "
                + "action on Kinesis stream 'orders'");
    }

    @Test
    void shouldFailOnInvalidSignatureNamingDefaultCredentialsChain() {
        ClassifiedError error = classifier.classify(service(KinesisException.builder(), "InvalidSignatureException",
                400, "The request signature we calculated does not match the signature you provided."), ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.AUTHORIZATION);
        assertThat(error.message()).endsWith("Check the worker's default AWS credentials (environment, system "
                + "properties, profile, container or instance role), or set aws.access.key.id/aws.secret.access.key "
                + "or aws.sts.role.arn, and that the IAM policy allows this action on Kinesis stream 'orders'");
    }

    @Test
    void shouldFailOnAccessDeniedNamingTheRoleWhenOneIsAssumed() {
        AwsErrorClassifier withRole = new AwsErrorClassifier(AwsSettingsTest.settings(Map.of(
                "aws.region", "eu-west-1", "aws.sts.role.arn", "arn:aws:iam::123456789012:role/bridge")));

        ClassifiedError error = withRole.classify(service(AccessDeniedException.builder(), "AccessDeniedException",
                400, "User is not authorized to perform: kinesis:GetRecords"), ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.AUTHORIZATION);
        assertThat(error.message()).contains("Check aws.sts.role.arn (the role's trust policy and "
                + "aws.sts.role.external.id) and the credentials that assume it: the worker's default AWS credentials");
    }

    @Test
    void shouldFailOnStsAccessDeniedAndExpiredToken() {
        assertThat(classifier.classify(service(StsException.builder(), "AccessDenied", 403,
                "Not authorized to perform sts:AssumeRole"), ORDERS).category())
                .isEqualTo(ErrorCategory.AUTHORIZATION);
        assertThat(classifier.classify(service(StsException.builder(), "ExpiredToken", 400,
                "The security token included in the request is expired"), ORDERS).category())
                .isEqualTo(ErrorCategory.AUTHORIZATION);
        assertThat(classifier.classify(service(KinesisException.builder(), "ExpiredTokenException", 400,
                "The security token included in the request is expired"), ORDERS).category())
                .isEqualTo(ErrorCategory.AUTHORIZATION);
    }

    @Test
    void shouldFailOnHttp403WhateverTheCode() {
        assertThat(classifier.classify(service(KinesisException.builder(), "SomethingNew", 403, "Forbidden"),
                ORDERS).category()).isEqualTo(ErrorCategory.AUTHORIZATION);
    }

    @Test
    void shouldFailOnMissingStreamNamingStreamSettingAndRegion() {
        ClassifiedError error = classifier.classify(service(ResourceNotFoundException.builder(),
                "ResourceNotFoundException", 400, "Stream orders under account 123456789012 not found."), ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.RESOURCE_NOT_FOUND);
        assertThat(error.retriable()).isFalse();
        assertThat(error.message()).isEqualTo("Kinesis stream 'orders' was not found in region eu-west-1 at the "
                + "regional AWS endpoint (ResourceNotFoundException, HTTP 400): Stream orders under account "
                + "123456789012 not found. Check kinesis.stream.names and aws.region");
    }

    @Test
    void shouldNameTheEndpointOverrideForAMissingDeliveryStream() {
        AwsErrorClassifier local = new AwsErrorClassifier(AwsSettingsTest.settings(
                Map.of("aws.region", "us-east-1", "aws.endpoint.override", "http://127.0.0.1:4573")));

        ClassifiedError error = local.classify(service(
                software.amazon.awssdk.services.firehose.model.ResourceNotFoundException.builder(),
                "ResourceNotFoundException", 400, "Firehose lake under account 000000000000 not found."), LAKE);

        assertThat(error.message()).isEqualTo("Firehose delivery stream 'lake' was not found in region us-east-1 at "
                + "endpoint http://127.0.0.1:4573 (ResourceNotFoundException, HTTP 400): Firehose lake under "
                + "account 000000000000 not found. Check firehose.delivery.stream, aws.region and "
                + "aws.endpoint.override");
    }

    @Test
    void shouldFailOnInvalidArgumentNamingTheResourceSetting() {
        ClassifiedError error = classifier.classify(service(InvalidArgumentException.builder(),
                "InvalidArgumentException", 400, "StartingSequenceNumber 123 used in GetShardIterator is invalid."),
                ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_REQUEST);
        assertThat(error.retriable()).isFalse();
        assertThat(error.message()).isEqualTo("Kinesis stream 'orders': AWS rejected the request "
                + "(InvalidArgumentException, HTTP 400): StartingSequenceNumber 123 used in GetShardIterator is "
                + "invalid. Check kinesis.stream.names and the connector's other settings");
    }

    @Test
    void shouldFailOnValidationException() {
        assertThat(classifier.classify(service(ValidationException.builder(), "ValidationException", 400,
                "1 validation error detected"), ORDERS).category()).isEqualTo(ErrorCategory.INVALID_REQUEST);
    }

    @Test
    void shouldFailOnClientExceptionThatIsNotIoNamingRegionEndpointAndCredentials() {
        SdkClientException noCredentials = SdkClientException.builder()
                .message("Unable to load credentials from any of the providers in the chain").build();

        ClassifiedError error = classifier.classify(noCredentials, ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.CLIENT_ERROR);
        assertThat(error.retriable()).isFalse();
        assertThat(error.message()).isEqualTo("Kinesis stream 'orders': the AWS SDK failed before getting an answer "
                + "from AWS (SdkClientException: Unable to load credentials from any of the providers in the chain). "
                + "Check aws.region, aws.endpoint.override and the worker's default AWS credentials (environment, "
                + "system properties, profile, container or instance role), or set "
                + "aws.access.key.id/aws.secret.access.key or aws.sts.role.arn");
    }

    @Test
    void shouldStopOnInterruption() {
        ClassifiedError aborted = classifier.classify(AbortedException.builder().message("Thread interrupted")
                .build(), ORDERS);
        ClassifiedError interrupted = classifier.classify(SdkClientException.builder().message("interrupted")
                .cause(new InterruptedException()).build(), ORDERS);

        assertThat(aborted.category()).isEqualTo(ErrorCategory.INTERRUPTED);
        assertThat(aborted.retriable()).isFalse();
        assertThat(interrupted.category()).isEqualTo(ErrorCategory.INTERRUPTED);
    }

    @Test
    void shouldFailOnNonAwsErrors() {
        ClassifiedError error = classifier.classify(new IllegalStateException("bug"), ORDERS);

        assertThat(error.category()).isEqualTo(ErrorCategory.UNEXPECTED);
        assertThat(error.retriable()).isFalse();
        assertThat(error.message()).isEqualTo("Kinesis stream 'orders': unexpected IllegalStateException: bug");
    }

    @Test
    void shouldFailOnUnknownCodeWithoutStatus() {
        assertThat(classifier.classify(service(KinesisException.builder(), "SomethingNew", 0, "?"), ORDERS)
                .category()).isEqualTo(ErrorCategory.UNEXPECTED);
    }

    // --- per-entry codes of batch puts ---

    @Test
    void shouldClassifyPerEntryErrorCodesOfBatchPuts() {
        assertThat(classifier.classifyErrorCode("ProvisionedThroughputExceededException", "Rate exceeded", ORDERS))
                .isEqualTo(new ClassifiedError(ErrorCategory.THROTTLED, "ProvisionedThroughputExceededException", 0,
                        "Kinesis stream 'orders': throttled by AWS (ProvisionedThroughputExceededException): "
                                + "Rate exceeded", null));
        assertThat(classifier.classifyErrorCode("InternalFailure", "Internal service failure.", ORDERS).category())
                .isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(classifier.classifyErrorCode("ServiceUnavailableException", "Slow down.", LAKE).category())
                .isEqualTo(ErrorCategory.THROTTLED);
        assertThat(classifier.classifyErrorCode("ServiceUnavailable", "Service unavailable", LAKE).category())
                .isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(classifier.classifyErrorCode("KMSAccessDeniedException", "denied", ORDERS).category())
                .isEqualTo(ErrorCategory.AUTHORIZATION);
        assertThat(classifier.classifyErrorCode("KMSNotFoundException", "no key", ORDERS).category())
                .isEqualTo(ErrorCategory.INVALID_REQUEST);
        assertThat(classifier.classifyErrorCode("SomethingNew", "?", ORDERS).category())
                .isEqualTo(ErrorCategory.UNEXPECTED);
    }

    private static AwsServiceException service(AwsServiceException.Builder builder, String code, int status,
                                               String message) {
        return builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                        .serviceName("Kinesis").build())
                .statusCode(status)
                .message(message)
                .build();
    }
}
