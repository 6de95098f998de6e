package io.kkbridge.testsupport.firehose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TEST DOUBLE of Amazon Kinesis Data Firehose, not the service: a local HTTP endpoint on 127.0.0.1 that speaks
 * Firehose's wire protocol (AWS JSON 1.1, {@code X-Amz-Target: Firehose_20150804.*}) for CreateDeliveryStream,
 * DescribeDeliveryStream, ListDeliveryStreams, DeleteDeliveryStream, PutRecord and PutRecordBatch, so the real AWS
 * SDK can be pointed at it with {@code endpointOverride(endpoint())}. It exists because no Firehose emulator is
 * available to this project's tests and sandbox.
 *
 * <p>Each delivery stream (DirectPut, S3 destination) buffers records by its buffering hints and delivers objects
 * to {@code <deliveryRoot>/<bucket>/<key>} in Firehose's key layout, records concatenated as sent. It enforces the
 * service limits (500 records and 4 MiB per batch, 1,000 KiB per record), checks that requests are signed without
 * verifying signatures, and can fail calls and batch entries on purpose ({@link #injectFaults(FaultPlan)}).
 */
public final class LocalFirehose implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFirehose.class);

    /** The account every ARN of the double names. */
    public static final String ACCOUNT_ID = "000000000000";

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService deliveryTimer;
    private final DeliveryFolder folder;
    private final DeliveryLog log;
    private final DeliveryStreamRegistry registry;
    private final FaultInjector faults;
    private final CallCounters counters;
    private final String region;
    private final Clock clock;
    private boolean closed;

    private LocalFirehose(Builder builder, Path root) throws IOException {
        this.region = builder.region;
        this.clock = builder.clock;
        this.folder = new DeliveryFolder(root);
        this.log = new DeliveryLog();
        this.registry = new DeliveryStreamRegistry(region, clock, folder, log);
        this.faults = new FaultInjector();
        this.counters = new CallCounters();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 0);
        this.httpThreads = Executors.newFixedThreadPool(builder.httpThreads, daemonThreads("local-firehose-http"));
        this.deliveryTimer = Executors.newSingleThreadScheduledExecutor(daemonThreads("local-firehose-delivery"));
        server.setExecutor(httpThreads);
        server.createContext("/", new FirehoseHttpHandler(new ControlPlane(registry, faults),
                new RecordIngest(registry, faults, counters, clock), counters));
    }

    /** Starts on a free port, delivering into {@code deliveryRoot}. */
    public static LocalFirehose start(Path deliveryRoot) {
        return builder().deliveryRoot(deliveryRoot).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The endpoint to give the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String region() {
        return region;
    }

    /** The folder standing in for S3: object {@code s3://bucket/key} is the file {@code <deliveryRoot>/bucket/key}. */
    public Path deliveryRoot() {
        return folder.root();
    }

    /** Creates a stream without going through the wire, e.g. for the sandbox; fails if the name is taken. */
    public void createDeliveryStream(DeliveryStreamConfig config) {
        try {
            registry.create(config);
        } catch (FirehoseError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public List<String> deliveryStreamNames() {
        return registry.namesAfter(null);
    }

    /** Replaces the fault plan; its decisions start again from its seed. */
    public void injectFaults(FaultPlan plan) {
        faults.apply(plan);
    }

    public FaultPlan faultPlan() {
        return faults.plan();
    }

    public FirehoseCounters counters() {
        return counters.snapshot();
    }

    public void resetCounters() {
        counters.reset();
    }

    /** Delivers everything every stream buffers now, whatever the buffering hints say. */
    public void flush() {
        registry.all().forEach(DeliveryStream::flush);
    }

    /** The objects a stream delivered so far, in delivery order (also after the stream was deleted). */
    public List<DeliveredObject> deliveredObjects(String deliveryStreamName) {
        return log.objects(deliveryStreamName);
    }

    /** All bytes a stream delivered, objects concatenated in delivery order, as read from the delivery folder. */
    public byte[] deliveredBytes(String deliveryStreamName) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        deliveredObjects(deliveryStreamName).forEach(object -> all.writeBytes(object.readBytes()));
        return all.toByteArray();
    }

    /** The records a stream delivered, one entry per accepted record, in delivery order. */
    public List<byte[]> deliveredRecords(String deliveryStreamName) {
        return deliveredObjects(deliveryStreamName).stream()
                .flatMap(object -> object.readRecords().stream())
                .toList();
    }

    /** Stops taking requests, then delivers what is still buffered. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        deliveryTimer.shutdownNow();
        httpThreads.shutdown();
        try {
            // Let requests already inside the double finish, so what they accepted is flushed below.
            httpThreads.awaitTermination(10, TimeUnit.SECONDS);
            deliveryTimer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        LOG.info("Firehose TEST DOUBLE on {} stopped", endpoint());
    }

    private void startServing(Duration deliveryCheckInterval) {
        server.start();
        long period = deliveryCheckInterval.toMillis();
        deliveryTimer.scheduleWithFixedDelay(this::deliverDueObjects, period, period, TimeUnit.MILLISECONDS);
        LOG.info("LocalFirehose started: a TEST DOUBLE of Amazon Kinesis Data Firehose (not the real service) on {} "
                + "(region {}), delivering objects to {}", endpoint(), region, folder.root());
    }

    private void deliverDueObjects() {
        try {
            registry.all().forEach(stream -> stream.deliverIfDue(clock.instant()));
        } catch (RuntimeException e) {
            // A failed write must not end the timer: later objects would then never be delivered.
            LOG.warn("Firehose test double could not deliver a due object", e);
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Options for {@link LocalFirehose}; every one has a default. */
    public static final class Builder {
        private int port;
        private Path deliveryRoot;
        private String region = "us-east-1";
        private Clock clock = Clock.systemUTC();
        private Duration deliveryCheckInterval = Duration.ofMillis(100);
        private int httpThreads = 4;

        private Builder() {
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where objects go; by default a new temporary folder, which the double leaves in place. */
        public Builder deliveryRoot(Path deliveryRoot) {
            this.deliveryRoot = deliveryRoot;
            return this;
        }

        /** The region named in ARNs; the double does not check the region requests are signed for. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The clock for record arrival times, object keys and buffering intervals. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How often buffering intervals are checked; the delay an interval-due object may see at most. */
        public Builder deliveryCheckInterval(Duration interval) {
            this.deliveryCheckInterval = interval;
            return this;
        }

        public Builder httpThreads(int threads) {
            this.httpThreads = threads;
            return this;
        }

        public LocalFirehose start() {
            try {
                Path root = deliveryRoot != null ? deliveryRoot : Files.createTempDirectory("local-firehose-");
                LocalFirehose firehose = new LocalFirehose(this, root);
                firehose.startServing(deliveryCheckInterval);
                return firehose;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the Firehose test double", e);
            }
        }
    }
}
