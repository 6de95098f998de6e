package io.kkbridge.testsupport.kinesis.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An error the proxy answers itself, in the AWS JSON 1.1 shape the SDK parses: the HTTP status, an
 * {@code x-amzn-ErrorType} header and a body {@code {"__type": type, "message": ...}}. The SDK takes the error code
 * from the header (up to any ':') or else from {@code __type} (after any '#'), and maps it to the modeled exception
 * of that name, e.g. {@code ProvisionedThroughputExceededException}; unmodeled codes become {@code KinesisException}.
 * Messages follow what the real service answers.
 */
record ProxyError(int status, String type, String message) {

    /** The account the emulators and the messages name. */
    static final String ACCOUNT_ID = "000000000000";

    /** The proxy does not know which shard a request would hit; messages name the first. */
    static final String SHARD_ID = "shardId-000000000000";

    static final String PROVISIONED_THROUGHPUT_EXCEEDED = "ProvisionedThroughputExceededException";
    static final String LIMIT_EXCEEDED = "LimitExceededException";
    static final String INTERNAL_FAILURE = "InternalFailure";
    static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    static final String EXPIRED_ITERATOR = "ExpiredIteratorException";
    static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";
    static final String ACCESS_DENIED = "AccessDeniedException";

    /** How long Kinesis keeps a shard iterator valid. */
    static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(5);

    static ProxyError throttled(Optional<String> stream) {
        return new ProxyError(400, PROVISIONED_THROUGHPUT_EXCEEDED, stream.map(ProxyError::shardRateExceeded)
                .orElse("Rate exceeded for shard " + SHARD_ID + "."));
    }

    static ProxyError limitExceeded(Optional<String> stream) {
        return new ProxyError(400, LIMIT_EXCEEDED, stream
                .map(name -> "Rate exceeded for stream " + name + " under account " + ACCOUNT_ID + ".")
                .orElse("Rate exceeded."));
    }

    static ProxyError internalFailure() {
        return new ProxyError(500, INTERNAL_FAILURE,
                "The request processing has failed because of an unknown error, exception or failure.");
    }

    /** Not injected: the proxy could not get an answer from the emulator. */
    static ProxyError upstreamFailure(String detail) {
        return new ProxyError(500, INTERNAL_FAILURE, "Kinesis fault proxy could not forward the request: " + detail);
    }

    static ProxyError serviceUnavailable() {
        return new ProxyError(503, SERVICE_UNAVAILABLE,
                "The request has failed due to a temporary failure of the server.");
    }

    static ProxyError expiredIterator(Instant now) {
        Instant created = now.minus(ITERATOR_LIFETIME).minusSeconds(1);
        return new ProxyError(400, EXPIRED_ITERATOR, "Iterator expired. The iterator was created at time "
                + created + " while right now it is " + now + " which is further in the future than the tolerated "
                + "delay of " + ITERATOR_LIFETIME.toMillis() + " milliseconds.");
    }

    static ProxyError unrecognizedClient() {
        return new ProxyError(400, UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
    }

    static ProxyError accessDenied(String accessKeyId, String operation) {
        return new ProxyError(400, ACCESS_DENIED, "User: arn:aws:iam::" + ACCOUNT_ID + ":user/" + accessKeyId
                + " is not authorized to perform: kinesis:" + operation
                + " because no identity-based policy allows the kinesis:" + operation + " action");
    }

    /** The message of a throttled call or PutRecords entry. */
    static String shardRateExceeded(String stream) {
        return "Rate exceeded for shard " + SHARD_ID + " in stream " + stream + " under account " + ACCOUNT_ID + ".";
    }

    byte[] body() {
        return ProxyJson.write(ProxyJson.object().put("__type", type).put("message", message));
    }
}
