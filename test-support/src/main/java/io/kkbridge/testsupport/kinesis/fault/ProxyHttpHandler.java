package io.kkbridge.testsupport.kinesis.fault;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.CallFault;

/**
 * Decides each request's fault, in this order: rejected or denied credentials, a whole-call fault, an expired
 * iterator (GetRecords), failed entries (PutRecords); a request with none is forwarded and its response relayed
 * as the emulator sent it. Each request body is read to its end first, so the client's connection stays usable.
 */
final class ProxyHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHttpHandler.class);

    private final ProxyUpstream upstream;
    private final ProxyFaultInjector faults;
    private final ProxyCallCounters counters;
    private final Clock clock;

    ProxyHttpHandler(ProxyUpstream upstream, ProxyFaultInjector faults, ProxyCallCounters counters, Clock clock) {
        this.upstream = upstream;
        this.faults = faults;
        this.counters = counters;
        this.clock = clock;
    }

    /** What goes back to the client. */
    private record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        static Reply relayed(ProxyUpstream.Response response) {
            return new Reply(response.status(), response.headers(), response.body());
        }

        static Reply json(int status, byte[] body, String errorType) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.put("Content-Type", List.of(ProxyJson.CONTENT_TYPE));
            headers.put("x-amzn-RequestId", List.of(UUID.randomUUID().toString()));
            if (errorType != null) {
                headers.put("x-amzn-ErrorType", List.of(errorType));
            }
            return new Reply(status, headers, body);
        }

        static Reply error(ProxyError error) {
            return json(error.status(), error.body(), error.type());
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            URI uri = exchange.getRequestURI();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            ProxyRequest request = new ProxyRequest(exchange.getRequestMethod(), pathAndQuery,
                    exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
            Reply reply;
            try {
                reply = answer(request);
            } catch (IOException e) {
                LOG.warn("Kinesis fault proxy could not forward {} to {}: {}",
                        request.operation().orElse("a request"), upstream.endpoint(), e.toString());
                reply = Reply.error(ProxyError.upstreamFailure(e.toString()));
            } catch (RuntimeException e) {
                LOG.warn("Kinesis fault proxy failed on {}", request.operation().orElse("a request"), e);
                reply = Reply.error(ProxyError.upstreamFailure(e.toString()));
            }
            send(exchange, reply);
        } finally {
            exchange.close();
        }
    }

    private Reply answer(ProxyRequest request) throws IOException {
        Optional<String> operation = request.operation();
        String counted = operation.orElse(ProxyCounters.UNROUTED);
        counters.call(counted);
        Optional<ProxyError> injected = credentialFault(request, counted)
                .or(() -> operation.flatMap(op -> callFault(op, request)))
                .or(() -> operation.filter(ProxyFaultPlan.GET_RECORDS::equals)
                        .filter(op -> faults.nextIteratorExpired())
                        .map(op -> ProxyError.expiredIterator(clock.instant())));
        if (injected.isPresent()) {
            counters.fault(counted, injected.get().type());
            LOG.debug("Injected {} into {}", injected.get().type(), counted);
            return Reply.error(injected.get());
        }
        if (operation.filter(ProxyFaultPlan.PUT_RECORDS::equals).isPresent()) {
            return putRecords(request, counted);
        }
        return forward(request, counted);
    }

    private Optional<ProxyError> credentialFault(ProxyRequest request, String operation) {
        Optional<String> accessKeyId = request.accessKeyId();
        if (accessKeyId.isEmpty()) {
            return Optional.empty();
        }
        ProxyFaultPlan plan = faults.plan();
        if (plan.rejectedAccessKeyIds().contains(accessKeyId.get())) {
            return Optional.of(ProxyError.unrecognizedClient());
        }
        if (plan.accessDeniedAccessKeyIds().contains(accessKeyId.get())) {
            return Optional.of(ProxyError.accessDenied(accessKeyId.get(), operation));
        }
        return Optional.empty();
    }

    private Optional<ProxyError> callFault(String operation, ProxyRequest request) {
        CallFault fault = faults.nextCallFault(operation);
        return switch (fault) {
            case NONE -> Optional.empty();
            case THROTTLED -> Optional.of(ProxyError.throttled(request.streamName()));
            case LIMIT_EXCEEDED -> Optional.of(ProxyError.limitExceeded(request.streamName()));
            case INTERNAL_FAILURE -> Optional.of(ProxyError.internalFailure());
            case SERVICE_UNAVAILABLE -> Optional.of(ProxyError.serviceUnavailable());
        };
    }

    /** Failed entries are left out of the forwarded request, then put back into the response in their place. */
    private Reply putRecords(ProxyRequest request, String operation) throws IOException {
        Optional<ObjectNode> json = ProxyJson.parseObject(request.body());
        if (json.isEmpty() || ProxyPutRecords.records(json.get()).isEmpty()) {
            return forward(request, operation);
        }
        int entries = ProxyPutRecords.records(json.get()).get().size();
        ProxyPutRecords put = new ProxyPutRecords(json.get(), faults.nextEntryFaults(entries));
        if (!put.anyFailed()) {
            return forward(request, operation);
        }
        if (put.allFailed()) {
            counters.entriesFailed(operation, put.failedCount());
            LOG.debug("Failed all {} PutRecords entries; nothing forwarded", entries);
            return Reply.json(200, ProxyJson.write(put.allFailedResponse()), null);
        }
        ProxyUpstream.Response response = upstream.send(request.withBody(ProxyJson.write(put.survivingRequest())));
        counters.forwarded(operation);
        Optional<ObjectNode> result = ProxyJson.parseObject(response.body());
        if (response.status() != 200 || result.isEmpty()) {
            // The emulator refused the whole call (e.g. no such stream): its answer stands for every entry.
            return Reply.relayed(response);
        }
        ObjectNode merged = put.merge(result.get());
        counters.entriesFailed(operation, put.failedCount());
        LOG.debug("Failed {} of {} PutRecords entries", put.failedCount(), entries);
        return new Reply(200, response.headers(), ProxyJson.write(merged));
    }

    private Reply forward(ProxyRequest request, String operation) throws IOException {
        ProxyUpstream.Response response = upstream.send(request);
        counters.forwarded(operation);
        return Reply.relayed(response);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, new ArrayList<>(values)));
        boolean noBody = reply.body().length == 0 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }
}
