package io.kkbridge.connect.aws;

import static io.kkbridge.connect.aws.AwsConfigFragment.ACCESS_KEY_ID_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.ENDPOINT_OVERRIDE_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.REGION_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.SECRET_ACCESS_KEY_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.STS_ROLE_ARN_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.STS_ROLE_EXTERNAL_ID_CONFIG;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that decides what an AWS failure means: throttling, server errors and I/O are retriable; bad
 * credentials, denied actions, missing resources and invalid requests are fatal, with a message that names the
 * resource and the settings to check. Works on SDK exceptions and on the per-entry error codes of batch puts.
 */
public final class AwsErrorClassifier {

    private static final Set<String> THROTTLING_CODES = Set.of(
            "ProvisionedThroughputExceededException", "LimitExceededException", "ThrottlingException", "Throttling",
            "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled",
            "RequestThrottledException", "KMSThrottlingException", "SlowDown",
            // Firehose's signal that a delivery stream's throughput limit is exceeded, for a whole PutRecordBatch
            // call and for single entries ("Slow down."); Firehose has no other throttling code
            "ServiceUnavailableException");
    private static final Set<String> AUTHORIZATION_CODES = Set.of(
            "UnrecognizedClientException", "InvalidSignatureException", "AccessDeniedException", "AccessDenied",
            "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "IncompleteSignature",
            "SignatureDoesNotMatch", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
            "NotAuthorized", "InvalidAccessKeyId", "KMSAccessDeniedException");
    private static final Set<String> NOT_FOUND_CODES = Set.of(
            "ResourceNotFoundException", "ResourceNotFound", "NotFoundException");
    private static final Set<String> BUSY_CODES = Set.of("ResourceInUseException");
    // Matter when there is no HTTP status, as for the per-entry errors of PutRecords and PutRecordBatch.
    private static final Set<String> SERVER_ERROR_CODES = Set.of(
            "InternalFailure", "InternalFailureException", "InternalServerError", "InternalServerErrorException",
            "InternalError", "ServiceUnavailable");
    private static final Set<String> INVALID_REQUEST_CODES = Set.of(
            "InvalidArgumentException", "ValidationException", "InvalidParameterValue", "InvalidParameterException",
            "InvalidParameterCombination", "InvalidRequestException", "SerializationException",
            "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException", "KMSOptInRequired",
            "InvalidKMSResourceException");

    private final AwsSettings settings;

    public AwsErrorClassifier(AwsSettings settings) {
        this.settings = settings;
    }

    public ClassifiedError classify(Throwable error, AwsResource resource) {
        Throwable failure = unwrap(error);
        if (failure instanceof SdkServiceException serviceException) {
            return classifyServiceException(serviceException, resource);
        }
        if (failure instanceof SdkClientException clientException) {
            return classifyClientException(clientException, resource);
        }
        if (failure instanceof IOException || hasCause(failure, IOException.class)) {
            // the asynchronous client signals a broken connection as it is, without an SdkClientException around it
            return networkError(failure, resource);
        }
        return new ClassifiedError(ErrorCategory.UNEXPECTED, null, 0,
                resource.description() + ": unexpected " + describe(failure), failure);
    }

    /** For one failed entry of a PutRecords or PutRecordBatch response, which carries a code but no status. */
    public ClassifiedError classifyErrorCode(String errorCode, String errorMessage, AwsResource resource) {
        ErrorCategory category = categoryOf(errorCode, 0);
        return new ClassifiedError(category, errorCode, 0,
                messageFor(category, errorCode, 0, errorMessage, resource), null);
    }

    private ClassifiedError classifyServiceException(SdkServiceException exception, AwsResource resource) {
        String code = errorCode(exception);
        int status = exception.statusCode();
        ErrorCategory category = exception.isThrottlingException()
                ? ErrorCategory.THROTTLED : categoryOf(code, status);
        return new ClassifiedError(category, code, status,
                messageFor(category, code, status, awsMessage(exception), resource), exception);
    }

    private ClassifiedError classifyClientException(SdkClientException exception, AwsResource resource) {
        String cause = describe(exception);
        if (exception instanceof AbortedException || hasCause(exception, InterruptedException.class)) {
            return new ClassifiedError(ErrorCategory.INTERRUPTED, null, 0,
                    resource.description() + ": interrupted while calling AWS (" + cause + ")", exception);
        }
        if (exception instanceof ApiCallTimeoutException || exception instanceof ApiCallAttemptTimeoutException
                || hasCause(exception, IOException.class)) {
            return networkError(exception, resource);
        }
        return new ClassifiedError(ErrorCategory.CLIENT_ERROR, null, 0, resource.description()
                + ": the AWS SDK failed before getting an answer from AWS (" + cause + "). Check "
                + REGION_CONFIG + ", " + ENDPOINT_OVERRIDE_CONFIG + " and " + credentialSettings(), exception);
    }

    private ClassifiedError networkError(Throwable failure, AwsResource resource) {
        return new ClassifiedError(ErrorCategory.NETWORK, null, 0, resource.description()
                + ": no answer from AWS (" + describe(failure) + "). If this persists, check network access to "
                + endpointDescription() + (settings.endpointOverride().isPresent()
                        ? " and " + ENDPOINT_OVERRIDE_CONFIG : ""), failure);
    }

    private static ErrorCategory categoryOf(String errorCode, int status) {
        String code = errorCode == null ? "" : errorCode; // Set.of(...).contains(null) throws
        if (THROTTLING_CODES.contains(code) || status == 429) {
            return ErrorCategory.THROTTLED;
        }
        if (AUTHORIZATION_CODES.contains(code) || status == 401 || status == 403) {
            return ErrorCategory.AUTHORIZATION;
        }
        if (NOT_FOUND_CODES.contains(code) || status == 404) {
            return ErrorCategory.RESOURCE_NOT_FOUND;
        }
        if (BUSY_CODES.contains(code)) {
            return ErrorCategory.RESOURCE_BUSY;
        }
        if (SERVER_ERROR_CODES.contains(code) || status >= 500) {
            return ErrorCategory.SERVER_ERROR;
        }
        if (INVALID_REQUEST_CODES.contains(code) || status >= 400) {
            return ErrorCategory.INVALID_REQUEST;
        }
        return ErrorCategory.UNEXPECTED;
    }

    private String messageFor(ErrorCategory category, String code, int status, String awsMessage,
                              AwsResource resource) {
        String what = resource.description();
        String why = "(" + codeAndStatus(code, status) + "): " + withoutFinalPeriod(awsMessage);
        return switch (category) {
            case THROTTLED -> what + ": throttled by AWS " + why;
            case SERVER_ERROR -> what + ": AWS server error " + why;
            case RESOURCE_BUSY -> what + " is being created or updated " + why;
            case AUTHORIZATION -> what + ": AWS refused the credentials or denied the action " + why + ". Check "
                    + credentialSettings() + ", and that the IAM policy allows this action on " + what;
            case RESOURCE_NOT_FOUND -> what + " was not found in region " + settings.region() + " at "
                    + endpointDescription() + " " + why + ". Check " + resource.configKey()
                    + (settings.endpointOverride().isPresent()
                            ? ", " + REGION_CONFIG + " and " + ENDPOINT_OVERRIDE_CONFIG : " and " + REGION_CONFIG);
            case INVALID_REQUEST -> what + ": AWS rejected the request " + why + ". Check " + resource.configKey()
                    + " and the connector's other settings";
            default -> what + ": unexpected AWS error " + why;
        };
    }

    private static String withoutFinalPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private String credentialSettings() {
        String base = settings.staticCredentials().isPresent()
                ? ACCESS_KEY_ID_CONFIG + " and " + SECRET_ACCESS_KEY_CONFIG
                : "the worker's default AWS credentials (environment, system properties, profile, container or "
                        + "instance role)";
        if (settings.assumeRole().isPresent()) {
            return STS_ROLE_ARN_CONFIG + " (the role's trust policy and " + STS_ROLE_EXTERNAL_ID_CONFIG
                    + ") and the credentials that assume it: " + base;
        }
        return settings.staticCredentials().isPresent() ? base : base + ", or set " + ACCESS_KEY_ID_CONFIG + "/"
                + SECRET_ACCESS_KEY_CONFIG + " or " + STS_ROLE_ARN_CONFIG;
    }

    private String endpointDescription() {
        return settings.endpointOverride().map(uri -> "endpoint " + uri).orElse("the regional AWS endpoint");
    }

    private static String errorCode(SdkServiceException exception) {
        if (exception instanceof AwsServiceException awsException) {
            AwsErrorDetails details = awsException.awsErrorDetails();
            if (details != null && details.errorCode() != null) {
                return details.errorCode();
            }
        }
        return null;
    }

    // AwsServiceException.getMessage() appends service, status and request id, which codeAndStatus already says.
    private static String awsMessage(SdkServiceException exception) {
        if (exception instanceof AwsServiceException awsException && awsException.awsErrorDetails() != null
                && awsException.awsErrorDetails().errorMessage() != null) {
            return awsException.awsErrorDetails().errorMessage();
        }
        return String.valueOf(exception.getMessage());
    }

    private static String codeAndStatus(String code, int status) {
        if (code == null) {
            return status == 0 ? "no error code" : "HTTP " + status;
        }
        return status == 0 ? code : code + ", HTTP " + status;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        Throwable cause = error.getCause();
        // bounded, because a cause chain can loop
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
