package io.kkbridge.testsupport.kinesis.fault;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** One request as the client sent it: method, raw path and query, headers (names case-insensitive), body. */
final class ProxyRequest {

    static final String TARGET_PREFIX = "Kinesis_20131202.";

    /** SigV4: {@code AWS4-HMAC-SHA256 Credential=<key id>/<date>/<region>/<service>/aws4_request, ...}. */
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

    private static final Pattern STREAM_ARN = Pattern.compile("arn:[^:]+:kinesis:[^:]*:[^:]*:stream/(.+)");

    private final String method;
    private final String rawPathAndQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    ProxyRequest(String method, String rawPathAndQuery, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.rawPathAndQuery = rawPathAndQuery;
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = copy;
        this.body = body;
    }

    String method() {
        return method;
    }

    String rawPathAndQuery() {
        return rawPathAndQuery;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    /** The same request with another body, e.g. a PutRecords request holding only the surviving entries. */
    ProxyRequest withBody(byte[] newBody) {
        return new ProxyRequest(method, rawPathAndQuery, headers, newBody);
    }

    Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The Kinesis operation named by {@code X-Amz-Target}, e.g. {@code PutRecords}. */
    Optional<String> operation() {
        return header("X-Amz-Target").flatMap(ProxyRequest::operationOf);
    }

    /** The access key id the request is signed with. */
    Optional<String> accessKeyId() {
        return header("Authorization").flatMap(ProxyRequest::accessKeyIdOf);
    }

    /** The stream the request names (StreamName or StreamARN), for error messages. */
    Optional<String> streamName() {
        return ProxyJson.parseObject(body).flatMap(ProxyRequest::streamNameOf);
    }

    static Optional<String> operationOf(String target) {
        if (target == null || !target.startsWith(TARGET_PREFIX) || target.length() == TARGET_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(target.substring(TARGET_PREFIX.length()));
    }

    static Optional<String> accessKeyIdOf(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Matcher matcher = CREDENTIAL.matcher(authorization);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static Optional<String> streamNameOf(JsonNode request) {
        JsonNode name = request.get("StreamName");
        if (name != null && name.isTextual()) {
            return Optional.of(name.textValue());
        }
        JsonNode arn = request.get("StreamARN");
        if (arn != null && arn.isTextual()) {
            Matcher matcher = STREAM_ARN.matcher(arn.textValue());
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }
}
