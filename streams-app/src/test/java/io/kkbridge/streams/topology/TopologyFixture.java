package io.kkbridge.streams.topology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import io.kkbridge.streams.config.AppConfig;

/** The production topology in a {@link TopologyTestDriver}, with a fixed clock. */
public final class TopologyFixture implements AutoCloseable {

    public static final Instant NOW = Instant.parse("2025-01-07T00:50:07.123Z");

    private final TopologyTestDriver driver;

    public TopologyFixture(Map<String, String> settings) {
        AppConfig config = AppConfig.of(settings);
        Properties properties = config.streamsProperties();
        driver = new TopologyTestDriver(TopologyFactory.build(config, Clock.fixed(NOW, ZoneOffset.UTC)), properties);
    }

    public TestInputTopic<byte[], byte[]> input(String topic) {
        return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public TestOutputTopic<byte[], byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** An item store of the topology, as the pipelines keep it. */
    public KeyValueStore<Bytes, byte[]> store(String name) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(name);
        if (store == null) {
            throw new IllegalArgumentException("no store " + name + " in the topology");
        }
        return store;
    }

    /** The total of a {@code kkbridge} rate/total sensor over all tasks, e.g. {@code sales-cdc-skipped-change}. */
    public double metricTotal(String operation) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(operation + "-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    public List<TestRecord<byte[], byte[]>> drain(String topic) {
        return output(topic).readRecordsToList();
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    public static String header(TestRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : text(header.value());
    }

    @Override
    public void close() {
        driver.close();
    }
}
