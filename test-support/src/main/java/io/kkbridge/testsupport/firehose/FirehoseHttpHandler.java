package io.kkbridge.testsupport.firehose;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS JSON 1.1 protocol of Firehose: {@code POST /}, {@code Content-Type: application/x-amz-json-1.1},
 * {@code X-Amz-Target: Firehose_20150804.<Operation>}, a signed request (the signature must be there, but the
 * double does not verify it). Success is HTTP 200 with the operation's JSON; an error is its HTTP status with
 * {@code x-amzn-ErrorType} and {@code {"__type": ..., "message": ...}}, which is what AWS SDKs parse.
 */
final class FirehoseHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseHttpHandler.class);

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final ControlPlane controlPlane;
    private final RecordIngest ingest;
    private final CallCounters counters;

    FirehoseHttpHandler(ControlPlane controlPlane, RecordIngest ingest, CallCounters counters) {
        this.controlPlane = controlPlane;
        this.ingest = ingest;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            // Read the whole body even for requests refused early, so the connection stays usable.
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Optional<FirehoseOperation> operation = FirehoseOperation.fromTarget(target);
            operation.ifPresentOrElse(counters::call, counters::unroutedCall);
            JsonNode request = null;
            try {
                requireProtocol(exchange);
                FirehoseOperation routed = operation.orElseThrow(() -> FirehoseError.invalidArgument(
                        "Unknown operation: X-Amz-Target '" + target + "' is not a Firehose_20150804 operation "
                                + "this test double supports"));
                request = AwsJson.parse(body);
                send(exchange, 200, dispatch(routed, request), null);
            } catch (FirehoseError error) {
                answerError(exchange, operation, request, error);
            } catch (RuntimeException unexpected) {
                LOG.warn("Firehose test double failed on {}", target, unexpected);
                answerError(exchange, operation, request, FirehoseError.internalFailure(
                        "Internal failure of the Firehose test double: " + unexpected));
            }
        } finally {
            exchange.close();
        }
    }

    private ObjectNode dispatch(FirehoseOperation operation, JsonNode request) {
        return switch (operation) {
            case CREATE_DELIVERY_STREAM -> controlPlane.create(request);
            case DESCRIBE_DELIVERY_STREAM -> controlPlane.describe(request);
            case LIST_DELIVERY_STREAMS -> controlPlane.list(request);
            case DELETE_DELIVERY_STREAM -> controlPlane.delete(request);
            case PUT_RECORD -> ingest.putRecord(request);
            case PUT_RECORD_BATCH -> ingest.putRecordBatch(request);
        };
    }

    private static void requireProtocol(HttpExchange exchange) {
        if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())) {
            throw FirehoseError.invalidArgument("Firehose takes POST / only, not "
                    + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.trim().toLowerCase().startsWith(CONTENT_TYPE)) {
            throw FirehoseError.invalidArgument("Content-Type must be " + CONTENT_TYPE + ", was " + contentType);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw FirehoseError.missingAuthenticationToken();
        }
    }

    private void answerError(HttpExchange exchange, Optional<FirehoseOperation> operation, JsonNode request,
                             FirehoseError error) throws IOException {
        operation.ifPresent(op -> counters.error(op, error.type(), RecordIngest.recordsIn(op, request)));
        ObjectNode body = AwsJson.object().put("__type", error.type()).put("message", error.getMessage());
        LOG.debug("Answering {} {}: {}", error.httpStatus(), error.type(), error.getMessage());
        send(exchange, error.httpStatus(), body, error.type());
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body, String errorType)
            throws IOException {
        byte[] bytes = AwsJson.write(body);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", CONTENT_TYPE);
        headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            headers.set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
