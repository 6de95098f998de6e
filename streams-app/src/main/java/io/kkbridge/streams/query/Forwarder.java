package io.kkbridge.streams.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.kafka.streams.state.HostInfo;

/** Sends a query on to the instance that owns the data and returns its answer unchanged. */
public final class Forwarder {

    /** Marks a request another instance forwarded: it is answered here or refused, never forwarded again. */
    public static final String FORWARDED_HEADER = "X-KKB-Forwarded";
    /** Asks for this instance's own part of a query that spans every instance. */
    public static final String SCOPE_HEADER = "X-KKB-Scope";
    public static final String SCOPE_LOCAL = "local";

    private final HttpClient client;
    private final Duration timeout;

    public Forwarder(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    public ApiResponse forward(HostInfo owner, String pathAndQuery, boolean localScope) throws ApiException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery))
                .timeout(timeout)
                .header(FORWARDED_HEADER, "1")
                .GET();
        if (localScope) {
            request.header(SCOPE_HEADER, SCOPE_LOCAL);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(response.statusCode(), response.body());
        } catch (IOException e) {
            throw ApiException.unavailable("the instance at " + owner.host() + ":" + owner.port()
                    + " that holds this data did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + owner.host() + ":" + owner.port());
        }
    }
}
