package io.kkbridge.streams.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.kkbridge.streams.store.ItemKey;
import io.kkbridge.streams.store.ItemTable;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The HTTP query API: {@code GET /tables}, {@code /tables/{table}/items/{pk}[/{sk}]} (an item, or for a table with
 * a sort key without {@code {sk}}, a query of the partition), {@code /projections/sales/{dimension}[/{value}]},
 * {@code /health}, {@code /ready} and {@code /metrics} (Prometheus). It only parses, formats and routes; reading
 * and forwarding are {@link ItemQueryService}'s. The JDK's HTTP server is enough for a small JSON API and adds no
 * dependency.
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    static final String SALES_PROJECTION_TABLE = "sales-projection";

    private final HttpServer server;
    private final ExecutorService executor;
    private Map<String, ItemTable> tables = Map.of();
    private ItemQueryService queries;
    private KafkaStreams streams;
    private PrometheusMeterRegistry registry;

    private QueryServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static {
        // the JDK server writes headers and body separately: without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK hold every keep-alive response back ~40 ms (read once, at the server's first use)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Binds the address now, so the port is known before Kafka Streams is told it ({@code application.server}). */
    public static QueryServer bind(String address, int port, int threads) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 1024);
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "kkbridge-query-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        return new QueryServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getHostString();
    }

    public void start(KafkaStreams streams, ItemQueryService queries, List<ItemTable> tables,
                      PrometheusMeterRegistry registry) {
        this.streams = streams;
        this.queries = queries;
        this.registry = registry;
        Map<String, ItemTable> byName = new LinkedHashMap<>();
        tables.forEach(table -> byName.put(table.name(), table));
        this.tables = byName;
        server.createContext("/", this::handle);
        server.start();
        LOG.info("Query API listening on http://{}:{} (tables {})", host(), port(), byName.keySet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String route = "unknown";
        ApiResponse response;
        String contentType = "application/json";
        try {
            if (!exchange.getRequestMethod().equals("GET")) {
                throw ApiException.methodNotAllowed(exchange.getRequestMethod());
            }
            List<String> path = segments(exchange.getRequestURI().getRawPath());
            Map<String, String> parameters = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
            boolean forwarded = exchange.getRequestHeaders().getFirst(Forwarder.FORWARDED_HEADER) != null;
            boolean localScope = Forwarder.SCOPE_LOCAL.equals(
                    exchange.getRequestHeaders().getFirst(Forwarder.SCOPE_HEADER));
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            if (path.size() == 1 && path.get(0).equals("metrics")) {
                route = "metrics";
                response = ApiResponse.ok(registry.scrape().getBytes(StandardCharsets.UTF_8));
                contentType = "text/plain; version=0.0.4; charset=utf-8";
            } else if (path.size() == 1 && path.get(0).equals("health")) {
                route = "health";
                response = health();
            } else if (path.size() == 1 && path.get(0).equals("ready")) {
                route = "ready";
                response = ready();
            } else if (path.size() == 1 && path.get(0).equals("tables")) {
                route = "tables";
                QueryParameters.rejectUnknown(parameters, Set.of(), ": /tables takes none");
                response = tableList();
            } else if (path.size() >= 4 && path.size() <= 5 && path.get(0).equals("tables")
                    && path.get(2).equals("items")) {
                route = path.size() == 5 ? "item" : "partition";
                response = items(table(path.get(1)), path.get(3), path.size() == 5 ? path.get(4) : null,
                        parameters, pathAndQuery, forwarded, localScope);
            } else if (path.size() >= 3 && path.size() <= 4 && path.get(0).equals("projections")
                    && path.get(1).equals("sales")) {
                route = path.size() == 4 ? "item" : "partition";
                response = items(table(SALES_PROJECTION_TABLE), path.get(2), path.size() == 4 ? path.get(3) : null,
                        parameters, pathAndQuery, forwarded, localScope);
            } else {
                throw ApiException.notFound("no such resource: " + exchange.getRequestURI().getRawPath()
                        + " (try /tables, /tables/{table}/items/{partition key}[/{sort key}], "
                        + "/projections/sales/{product|category}[/{value}], /health, /ready, /metrics)");
            }
        } catch (ApiException e) {
            response = ApiResponse.error(e);
        } catch (RuntimeException e) {
            LOG.warn("Query API request {} failed", exchange.getRequestURI(), e);
            response = ApiResponse.error(ApiException.unavailable("internal error: " + e));
        }
        send(exchange, response, contentType);
        Timer.builder("kkb.query.requests").description("Query API requests by route and status")
                .tag("route", route).tag("status", Integer.toString(response.status()))
                .register(registry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private ItemTable table(String name) throws ApiException {
        ItemTable table = tables.get(name);
        if (table == null) {
            throw ApiException.notFound("no table '" + name + "' here; tables: " + String.join(", ", tables.keySet()));
        }
        return table;
    }

    private ApiResponse items(ItemTable table, String partitionKey, String sortKey, Map<String, String> parameters,
                              String pathAndQuery, boolean forwarded, boolean localScope) throws ApiException {
        if (partitionKey.isEmpty()) {
            throw ApiException.badParameter(table.partitionKeyName(), "the partition key ("
                    + table.partitionKeyName() + ") must not be empty");
        }
        if (sortKey != null || !table.hasSortKey()) {
            if (sortKey != null && !table.hasSortKey()) {
                throw ApiException.notFound("table " + table.name() + " has no sort key: use /tables/"
                        + table.name() + "/items/{" + table.partitionKeyName() + "}");
            }
            QueryParameters.rejectUnknown(parameters, Set.of(), ": reading one item takes no parameters");
            ItemKey key = sortKey == null ? ItemKey.of(partitionKey) : new ItemKey(partitionKey, sortKey);
            return queries.get(table, key, pathAndQuery, forwarded);
        }
        return queries.query(table, QueryParameters.toQuery(partitionKey, parameters), pathAndQuery, forwarded,
                localScope);
    }

    private ApiResponse health() {
        KafkaStreams.State state = streams.state();
        boolean alive = state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING && state != KafkaStreams.State.PENDING_SHUTDOWN;
        return new ApiResponse(alive ? 200 : 503, ApiResponse.json(out -> {
            out.writeStartObject();
            out.writeStringField("status", alive ? "UP" : "DOWN");
            out.writeStringField("state", state.name());
            out.writeEndObject();
        }));
    }

    private ApiResponse ready() {
        KafkaStreams.State state = streams.state();
        boolean ready = state == KafkaStreams.State.RUNNING;
        return new ApiResponse(ready ? 200 : 503, ApiResponse.json(out -> {
            out.writeStartObject();
            out.writeBooleanField("ready", ready);
            out.writeStringField("state", state.name());
            out.writeEndObject();
        }));
    }

    private ApiResponse tableList() {
        return ApiResponse.ok(ApiResponse.json(out -> {
            out.writeStartArray();
            for (ItemTable table : tables.values()) {
                out.writeStartObject();
                out.writeStringField("name", table.name());
                out.writeStringField("partition_key", table.partitionKeyName());
                out.writeStringField("sort_key", table.sortKeyName());
                out.writeStringField("placement", table.placement().name().toLowerCase(java.util.Locale.ROOT));
                out.writeEndObject();
            }
            out.writeEndArray();
        }));
    }

    private static void send(HttpExchange exchange, ApiResponse response, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.status() == 200 ? contentType : "application/json");
        if (response.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    /** The path's segments, each percent-decoded as UTF-8 ({@code %2F} is a slash inside a key; '+' stays '+'). */
    static List<String> segments(String rawPath) throws ApiException {
        List<String> segments = new ArrayList<>();
        String[] parts = rawPath.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            if (i == parts.length - 1 && parts[i].isEmpty() && parts.length > 2) {
                break;
            }
            segments.add(percentDecode(parts[i]));
        }
        return segments;
    }

    private static String percentDecode(String segment) throws ApiException {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        StringBuilder text = new StringBuilder(segment.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                text.append(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                text.append(c);
                continue;
            }
            int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int lo = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw ApiException.badParameter("path", "bad percent-encoding in path segment '" + segment + "'");
            }
            pending.write(hi * 16 + lo);
            i += 2;
        }
        return text.append(pending.toString(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
