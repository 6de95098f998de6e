package io.kkbridge.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) running inside the current JVM, bound to
 * 127.0.0.1 on free ports, plus the client helpers tests, the sandbox and the benchmarks need. This is the only
 * place in the project that starts Kafka.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Admin admin;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Starts a broker with the defaults of {@link #defaultBrokerConfig()}. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /** Starts a broker; {@code overrides} are broker properties applied over {@link #defaultBrokerConfig()}. */
    public static EmbeddedKafka start(Map<String, String> overrides) {
        long started = System.nanoTime();
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        Map<String, String> config = new HashMap<>(defaultBrokerConfig());
        config.putAll(overrides);
        config.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = null;
        try {
            prebindOnLoopback(builder, nodes);
            cluster = builder.build();
            format(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            int port = cluster.brokers().values().iterator().next()
                    .boundPort(nodes.brokerListenerName());
            EmbeddedKafka kafka = new EmbeddedKafka(cluster, "127.0.0.1:" + port);
            LOG.info("Embedded Kafka broker ready at {} in {} ms", kafka.bootstrapServers,
                    (System.nanoTime() - started) / 1_000_000);
            return kafka;
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * The storage formatter prints to {@code System.out}, which is the sandbox's screen; its lines go to the log.
     */
    private static void format(KafkaClusterTestKit cluster) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(console);
            LOG.debug("Storage formatted: {}", captured.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * Broker settings for a single node: replication factors of 1 for internal topics (so transactions and
     * consumer groups work), no initial rebalance delay (tests and the sandbox start consumers right away).
     */
    public static Map<String, String> defaultBrokerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("num.partitions", "1");
        config.put("auto.create.topics.enable", "false");
        config.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return config;
    }

    /**
     * KafkaClusterTestKit pre-binds each listener on the wildcard address before the servers start. This project's
     * rule is that tests and tools listen on 127.0.0.1 only, so the same pre-binding is done here on loopback; the
     * test kit then finds the sockets already present and uses them.
     */
    private static void prebindOnLoopback(KafkaClusterTestKit.Builder builder, TestKitNodes nodes) throws Exception {
        Field managerField = KafkaClusterTestKit.Builder.class.getDeclaredField("socketFactoryManager");
        managerField.setAccessible(true);
        Object manager = managerField.get(builder);
        Field socketsField = manager.getClass().getDeclaredField("sockets");
        socketsField.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, ServerSocketChannel>> sockets =
                (Map<Integer, Map<String, ServerSocketChannel>>) socketsField.get(manager);
        for (int id : nodes.controllerNodes().keySet()) {
            sockets.computeIfAbsent(id, k -> new HashMap<>())
                    .put(nodes.controllerListenerName().value(), bindLoopback(nodes.controllerListenerName().value()));
        }
        for (int id : nodes.brokerNodes().keySet()) {
            sockets.computeIfAbsent(id, k -> new HashMap<>())
                    .put(nodes.brokerListenerName().value(), bindLoopback(nodes.brokerListenerName().value()));
        }
    }

    private static ServerSocketChannel bindLoopback(String listener) throws IOException {
        return ServerSocketFactory.INSTANCE.openServerSocket(
                listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), -1, -1);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A shared admin client; closed with the broker. */
    public Admin admin() {
        return admin;
    }

    /** Creates topics with the given partition count (replication factor 1); existing topics are left as they are. */
    public void createTopics(int partitions, String... topics) {
        createTopics(partitions, List.of(topics));
    }

    public void createTopics(int partitions, Collection<String> topics) {
        List<NewTopic> newTopics = topics.stream()
                .map(t -> new NewTopic(t, partitions, (short) 1))
                .collect(Collectors.toList());
        for (var entry : admin.createTopics(newTopics).values().entrySet()) {
            try {
                entry.getValue().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + entry.getKey(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + entry.getKey(), e);
            }
        }
    }

    public Set<String> listTopics() {
        try {
            return admin.listTopics().names().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not list topics", e.getCause());
        }
    }

    /** Client properties pointing at this broker. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** A byte-array producer (acks=all, idempotent); {@code overrides} win. The caller closes it. */
    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> config = clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putAll(overrides);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends the records and waits until every one is acknowledged. */
    public void produce(Collection<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> record : records) {
                acks.add(producer.send(record));
            }
            producer.flush();
            for (var ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not produce to the embedded broker", e.getCause());
        }
    }

    /** A byte-array consumer reading committed data only, from the earliest offset, without a group. */
    public KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putAll(overrides);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads every committed record of a topic, from the beginning up to its end offsets as they are now. Use it
     * after the writers are done, or together with {@link #awaitRecordCount}.
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of())) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out reading " + topic + " up to " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /**
     * The topic's partitions. Right after a topic is created the client's metadata may not list them yet, so this
     * asks again for a while instead of taking an empty answer.
     */
    public static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + topic + " has no partitions (does it exist?)");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the committed records of the topics add up to at least {@code expected}, then returns them per
     * topic (all of them, read from the beginning). Throws on timeout with the counts seen.
     */
    public Map<String, List<ConsumerRecord<byte[], byte[]>>> awaitRecordCount(
            Collection<String> topics, long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, List<ConsumerRecord<byte[], byte[]>>> seen = new HashMap<>();
        topics.forEach(t -> seen.put(t, new ArrayList<>()));
        long total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                partitions.addAll(partitionsOf(consumer, topic));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (total < expected) {
                if (System.nanoTime() > deadline) {
                    Map<String, Integer> counts = new HashMap<>();
                    seen.forEach((t, r) -> counts.put(t, r.size()));
                    throw new IllegalStateException("Expected " + expected + " records in " + topics
                            + " within " + timeout + " but saw " + total + " " + counts);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.get(record.topic()).add(record);
                    total++;
                }
            }
        }
        return seen;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        closeQuietly(cluster);
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Error while stopping the embedded Kafka broker", e);
        }
    }
}
