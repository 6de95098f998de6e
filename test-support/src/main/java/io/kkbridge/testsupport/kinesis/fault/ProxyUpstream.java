package io.kkbridge.testsupport.kinesis.fault;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * Sends requests on to the emulator and reads each response to its end before returning, so a connection is never
 * abandoned mid-response (kinesalite used to die when a client aborted a request). It uses the SDK's Apache HTTP
 * client, which can be closed and lets us bound connection reuse: Node servers close idle keep-alive connections
 * after 5 seconds, and a request sent on a connection the server is closing would fail.
 */
final class ProxyUpstream implements AutoCloseable {

    /** Framing and hop-by-hop headers: the HTTP client writes its own. */
    private static final Set<String> NOT_FORWARDED = caseInsensitive("Host", "Content-Length", "Transfer-Encoding",
            "Connection", "Keep-Alive", "Expect", "TE", "Trailer", "Upgrade", "Proxy-Connection",
            "Proxy-Authorization");

    /** The proxy's HTTP server writes these itself. */
    private static final Set<String> NOT_RELAYED = caseInsensitive("Content-Length", "Transfer-Encoding",
            "Connection", "Keep-Alive", "Date");

    private static final Duration MAX_IDLE = Duration.ofSeconds(2);

    /** Long enough for any emulator answer; a timeout would abort the request, which is what we avoid. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /** A response read to its end; headers without framing ones, names case-insensitive. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private final URI endpoint;
    private final SdkHttpClient client;

    ProxyUpstream(URI endpoint) {
        if (!"http".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("The Kinesis fault proxy forwards to plain http only, not " + endpoint);
        }
        this.endpoint = endpoint;
        this.client = ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(READ_TIMEOUT)
                .connectionMaxIdleTime(MAX_IDLE)
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Sends the request as it is (method, path, query, headers, body) and returns the whole response. */
    Response send(ProxyRequest request) throws IOException {
        SdkHttpFullRequest.Builder http = SdkHttpFullRequest.builder()
                .uri(URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + request.rawPathAndQuery()))
                .method(SdkHttpMethod.fromValue(request.method()));
        request.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name)) {
                http.putHeader(name, values);
            }
        });
        HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder();
        byte[] body = request.body();
        if (body.length > 0 || request.header("Content-Length").isPresent()) {
            http.putHeader("Content-Length", String.valueOf(body.length));
            execute.contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body));
        }
        HttpExecuteResponse response = client.prepareRequest(execute.request(http.build()).build()).call();
        byte[] responseBody = readFully(response.responseBody());
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.httpResponse().headers().forEach((name, values) -> {
            if (!NOT_RELAYED.contains(name)) {
                headers.put(name, List.copyOf(values));
            }
        });
        return new Response(response.httpResponse().statusCode(), headers, responseBody);
    }

    private static byte[] readFully(Optional<AbortableInputStream> body) throws IOException {
        if (body.isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = body.get()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
