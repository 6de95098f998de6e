package io.kkbridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void shouldRoundTripRecordsInOrder() {
        kafka.createTopics(1, "harness.roundtrip");
        List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(new ProducerRecord<>("harness.roundtrip", bytes("k" + i), bytes("v" + i)));
        }
        kafka.produce(records);

        List<ConsumerRecord<byte[], byte[]>> read = kafka.readAll("harness.roundtrip");

        assertThat(read).hasSize(100);
        assertThat(read.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).collect(Collectors.toList()))
                .containsExactlyElementsOf(records.stream()
                        .map(r -> new String(r.value(), StandardCharsets.UTF_8)).collect(Collectors.toList()));
    }

    @Test
    void shouldCreateTopicsIdempotently() {
        kafka.createTopics(3, "harness.a", "harness.b");
        kafka.createTopics(3, "harness.a");
        assertThat(kafka.listTopics()).contains("harness.a", "harness.b");
    }

    @Test
    void shouldReportTimeoutWithCountsSeen() {
        kafka.createTopics(1, "harness.empty");
        assertThatThrownBy(() -> kafka.awaitRecordCount(List.of("harness.empty"), 1, java.time.Duration.ofMillis(300)))
                .hasMessageContaining("Expected 1 records in [harness.empty]")
                .hasMessageContaining("saw 0");
    }

    @Test
    void shouldListenOnLoopbackOnly() throws IOException {
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> !isLoopback(nic))
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address)
                .findFirst();
        if (external.isEmpty()) {
            return; // a machine without a non-loopback IPv4 address has nothing to check here
        }
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external.get(), port), 1000))
                    .isInstanceOf(IOException.class);
        }
    }

    private static boolean isLoopback(NetworkInterface nic) {
        try {
            return nic.isLoopback();
        } catch (IOException e) {
            return true;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
