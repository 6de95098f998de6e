package io.kkbridge.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;

import io.kkbridge.streams.app.AppInstance;
import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.testsupport.EmbeddedKafka;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The purchases pipeline's store update rate (validate, re-partition by customer, RocksDB put, exactly-once), then
 * the query API's latency under concurrent load from {@code wrk} against the stored items: random single-item
 * reads and random partition queries.
 */
@Command(name = "stores", mixinStandardHelpOptions = true,
        description = "Purchases store update throughput, then query latency with wrk over the stored items.")
public final class StoreBenchmark implements Callable<Integer> {

    private static final String INPUT = "purchases.raw";
    private static final String APPLICATION_ID = "bench-stores";

    @Option(names = "--items", description = "Purchases stored (default: ${DEFAULT-VALUE}).")
    int items = 1_000_000;

    @Option(names = "--per-customer", description = "Purchases per customer (default: ${DEFAULT-VALUE}).")
    int perCustomer = 20;

    @Option(names = "--partitions", description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--wrk", description = "The wrk binary (default: ${DEFAULT-VALUE}).")
    String wrk = "wrk";

    @Option(names = "--wrk-seconds", description = "Length of each wrk run (default: ${DEFAULT-VALUE}).")
    int wrkSeconds = 30;

    @Option(names = "--connections", description = "wrk connections (default: ${DEFAULT-VALUE}).")
    int connections = 32;

    @Option(names = "--wrk-threads", description = "wrk threads (default: ${DEFAULT-VALUE}).")
    int wrkThreads = 2;

    @Option(names = "--query-threads", description = "Query API threads (default: ${DEFAULT-VALUE}).")
    int queryThreads = 8;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StoreBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int customers = items / perCustomer;
        System.out.printf("Store benchmark: %,d purchases (%,d customers x %d), %d partitions, %d cores, JVM %s%n",
                items, customers, perCustomer, partitions, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Path stateDir = Files.createTempDirectory("kkbridge-bench-stores-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(partitions, INPUT, "purchases.dlq");
            prefill(kafka, customers);
            AppInstance app = AppInstance.create(AppConfig.of(Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID,
                    StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                    AppConfig.PIPELINES_CONFIG, AppConfig.PIPELINE_PURCHASES,
                    AppConfig.QUERY_API_PORT_CONFIG, "0",
                    AppConfig.QUERY_API_THREADS_CONFIG, Integer.toString(queryThreads))));
            try {
                long started = System.nanoTime();
                app.start();
                double rate = awaitStored(kafka);
                System.out.printf("store updates: %,d purchases stored in %.1f s since start; sustained %,.0f "
                        + "records/s (10%% to 100%%)%n", items, (System.nanoTime() - started) / 1e9, rate);
                int port = app.queryPort();
                check(port, customers);
                runWrk(port, customers, "item", "/tables/purchases/items/C%06d/P%03d");
                runWrk(port, customers, "partition (limit 20)", "/tables/purchases/items/C%06d?limit=20");
            } finally {
                app.close(Duration.ofSeconds(30));
            }
        } finally {
            deleteRecursively(stateDir);
        }
        return 0;
    }

    private void prefill(EmbeddedKafka kafka, int customers) {
        long started = System.nanoTime();
        long bytes = 0;
        Random random = new Random(1);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144))) {
            for (int i = 0; i < items; i++) {
                int customer = i % customers;
                int purchase = i / customers;
                String json = String.format("{\"purchase_id\":\"P%03d\",\"customer_id\":\"C%06d\","
                        + "\"product_id\":\"%05d\",\"description\":\"WHITE HANGING HEART T-LIGHT HOLDER\","
                        + "\"quantity\":\"%d\",\"price\":\"%d.%02d\",\"timestamp\":\"2010-12-01T08:26:00\","
                        + "\"country\":\"United Kingdom\"}", purchase, customer, random.nextInt(4_000),
                        1 + random.nextInt(24), random.nextInt(20), random.nextInt(100));
                byte[] value = json.getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                producer.send(new ProducerRecord<>(INPUT, String.format("till-%d", customer % 97)
                        .getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        System.out.printf("pre-filled %s: %,d records, %,.1f MB, in %.1f s%n", INPUT, items, bytes / 1e6,
                (System.nanoTime() - started) / 1e9);
    }

    /** Waits until the store's sub-topology committed every record; returns the rate from 10% to 100%. */
    private double awaitStored(EmbeddedKafka kafka) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        long tenPercentAt = 0;
        long stored = 0;
        while (stored < items) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + stored + " of " + items + " stored");
            }
            Thread.sleep(50);
            stored = committed(kafka, "-purchases-by-customer-repartition");
            if (tenPercentAt == 0 && stored >= items / 10) {
                tenPercentAt = System.nanoTime();
            }
        }
        return (items - items / 10) * 1e9 / (System.nanoTime() - tenPercentAt);
    }

    private static long committed(EmbeddedKafka kafka, String topicSuffix)
            throws ExecutionException, InterruptedException {
        return kafka.admin().listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get()
                .entrySet().stream().filter(e -> e.getKey().topic().endsWith(topicSuffix))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** A few reads before the load: every one must be an item, so wrk measures answers, not errors. */
    private void check(int port, int customers) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            String path = String.format("/tables/purchases/items/C%06d/P%03d", random.nextInt(customers),
                    random.nextInt(perCustomer));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        }
    }

    private void runWrk(int port, int customers, String name, String pathFormat) throws Exception {
        String lua = "math.randomseed(42)\n"
                + "request = function()\n"
                + "  local path = string.format(\"" + pathFormat + "\", math.random(0, " + (customers - 1) + "), "
                + "math.random(0, " + (perCustomer - 1) + "))\n"
                + "  return wrk.format(\"GET\", path)\n"
                + "end\n";
        Path script = Files.createTempFile("kkbridge-wrk-", ".lua");
        Files.writeString(script, lua);
        List<String> command = new ArrayList<>(List.of(wrk, "-t" + wrkThreads, "-c" + connections,
                "-d" + wrkSeconds + "s", "--latency", "-s", script.toString(), "http://127.0.0.1:" + port));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(wrkSeconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
        } finally {
            process.destroy();
            Files.deleteIfExists(script);
        }
        System.out.println(output.strip());
        System.out.printf("query latency, %s, wrk -t%d -c%d -d%ds: p50 %s, p90 %s, p99 %s, %s requests/s, "
                        + "non-2xx %s%n", name, wrkThreads, connections, wrkSeconds, find(output, "50%"),
                find(output, "90%"), find(output, "99%"), find(output, "Requests/sec:"),
                output.contains("Non-2xx") ? find(output, "Non-2xx or 3xx responses:") : "0");
    }

    /** The value after a label at the start of a line of wrk's report. */
    private static String find(String output, String label) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + "\\s+(\\S+)").matcher(output);
        return m.find() ? m.group(1) : "?";
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
