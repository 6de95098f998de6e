package io.kkbridge.testsupport.kinesis.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP proxy on 127.0.0.1 in front of a Kinesis emulator's plain-http endpoint (kinesalite or kinesis-mock),
 * adding the faults the emulators never produce: they enforce no limits and check no credentials. Point an SDK
 * client's {@code endpointOverride} at {@link #endpoint()}; requests are forwarded unchanged (method, path, query,
 * headers other than framing ones, body) and responses relayed unchanged, unless {@link #inject(ProxyFaultPlan)}
 * planned a fault:
 *
 * <ul>
 *   <li>whole-call faults on the plan's operations: ProvisionedThroughputExceededException, LimitExceededException
 *       (HTTP 400), InternalFailure (500), ServiceUnavailable (503); the request is not forwarded;</li>
 *   <li>failed PutRecords entries (ProvisionedThroughputExceededException or InternalFailure): only the surviving
 *       entries are forwarded, so the failed ones are not written, and the response lists every entry in request
 *       order with the right FailedRecordCount; if all fail, nothing is forwarded;</li>
 *   <li>ExpiredIteratorException for GetRecords, not forwarded, so the caller can renew its iterator;</li>
 *   <li>UnrecognizedClientException or AccessDeniedException for requests signed with chosen access key ids.</li>
 * </ul>
 *
 * <p>The proxy re-sends requests with its own Host header, which breaks their signatures; the emulators do not
 * check signatures. Upstream responses are always read to their end, never aborted. HTTP/2 (kinesis-mock's TLS
 * port, SubscribeToShard) is not proxied.
 */
public final class KinesisFaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisFaultProxy.class);
    private static final int HTTP_THREADS = 8;

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ProxyUpstream upstream;
    private final ProxyFaultInjector faults = new ProxyFaultInjector();
    private final ProxyCallCounters counters = new ProxyCallCounters();
    private boolean closed;

    private KinesisFaultProxy(URI upstreamEndpoint) throws IOException {
        this.upstream = new ProxyUpstream(upstreamEndpoint);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            upstream.close();
            throw e;
        }
        this.httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
        server.setExecutor(httpThreads);
        server.createContext("/", new ProxyHttpHandler(upstream, faults, counters, Clock.systemUTC()));
    }

    /** Starts a proxy on a free port of 127.0.0.1 forwarding to {@code upstream}, with no faults planned. */
    public static KinesisFaultProxy start(URI upstream) {
        return start(upstream, ProxyFaultPlan.none());
    }

    /** Starts a proxy forwarding to {@code upstream} (an {@code http://} endpoint) with {@code plan} applied. */
    public static KinesisFaultProxy start(URI upstream, ProxyFaultPlan plan) {
        KinesisFaultProxy proxy;
        try {
            proxy = new KinesisFaultProxy(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kinesis fault proxy", e);
        }
        proxy.faults.apply(plan);
        proxy.server.start();
        LOG.info("Kinesis fault proxy on {} forwarding to {}", proxy.endpoint(), upstream);
        return proxy;
    }

    /** The endpoint for the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The emulator endpoint requests are forwarded to. */
    public URI upstream() {
        return upstream.endpoint();
    }

    /** Replaces the fault plan; its decisions start again from its seed. */
    public void inject(ProxyFaultPlan plan) {
        faults.apply(plan);
        LOG.info("Kinesis fault proxy on {} now injects {}", endpoint(), plan);
    }

    public ProxyFaultPlan plan() {
        return faults.plan();
    }

    public ProxyCounters counters() {
        return counters.snapshot();
    }

    public void resetCounters() {
        counters.reset();
    }

    /**
     * Stops taking requests and waits for those in flight to finish with the emulator, so no upstream request is
     * cut off, then closes the upstream connections.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        URI endpoint = endpoint();
        server.stop(0);
        httpThreads.shutdown();
        try {
            if (!httpThreads.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Kinesis fault proxy on {}: requests still in flight after 30 s", endpoint);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        upstream.close();
        LOG.info("Kinesis fault proxy on {} stopped", endpoint);
    }

    @Override
    public String toString() {
        return "Kinesis fault proxy on " + endpoint() + " forwarding to " + upstream();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "kinesis-fault-proxy-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
