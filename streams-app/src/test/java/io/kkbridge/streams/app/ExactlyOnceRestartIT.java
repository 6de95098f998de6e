package io.kkbridge.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.topology.TopologyFactory;
import io.kkbridge.testsupport.EmbeddedKafka;
import io.kkbridge.testsupport.data.EventGenerator;
import io.kkbridge.testsupport.data.UserActivityGenerator;

/**
 * 50,000 records through both pipelines on a real broker with exactly-once, with the application stopped and
 * started again while input keeps arriving: every record comes out exactly once, on the right topic.
 */
class ExactlyOnceRestartIT {

    private static final int SESSIONS = 40_000;
    private static final int EVENTS = 10_000;
    private static final int BAD_EVERY = 250;
    private static final List<String> OUTPUTS = List.of("user-activity.usa", "user-activity.international",
            "user-activity.dlq", "events.enriched", "events.dlq");

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(3, "user-activity.raw", "events.raw");
        kafka.createTopics(3, OUTPUTS);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void shouldDeliverEveryRecordExactlyOnceAcrossARestart() throws Exception {
        UserActivityGenerator sessions = UserActivityGenerator.fromSample(
                Path.of(System.getProperty("kkbridge.data.dir", "../data")).resolve("user-activity.jsonl"), 11);
        EventGenerator events = new EventGenerator(12, 1_736_211_007L);
        Set<String> expectedUsa = new HashSet<>();
        Set<String> expectedInternational = new HashSet<>();
        Set<String> expectedEvents = new HashSet<>();
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        int badSessions = 0;
        int badEvents = 0;
        for (int i = 0; i < SESSIONS; i++) {
            if (i % BAD_EVERY == BAD_EVERY - 1) {
                input.add(record("user-activity.raw", "bad-" + i, "{\"session_id\": \"bad-" + i + "\""));
                badSessions++;
                continue;
            }
            boolean usa = sessions.isUsaTemplate(i - badSessions);
            UserActivityGenerator.Session session = sessions.next();
            (usa ? expectedUsa : expectedInternational).add(session.sessionId());
            input.add(new ProducerRecord<>("user-activity.raw", bytes(session.sessionId()), session.json()));
            if (i % 4 == 0 && expectedEvents.size() + badEvents < EVENTS) {
                if (i % (4 * BAD_EVERY) == 0) {
                    input.add(record("events.raw", "bad-event-" + i, "{\"event_uuid\":\"x\",\"created_at\":1}"));
                    badEvents++;
                } else {
                    EventGenerator.Event event = events.next();
                    expectedEvents.add(event.uuid());
                    input.add(new ProducerRecord<>("events.raw", bytes(event.uuid()), event.json()));
                }
            }
        }
        assertThat(input).hasSize(SESSIONS + EVENTS);

        int half = input.size() / 2;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of())) {
            KafkaStreams first = startApp();
            sendAll(producer, input.subList(0, half));
            awaitOutputCount(half / 4);
            // stopped while it still has a backlog and new input keeps arriving
            sendAll(producer, input.subList(half, half + half / 2));
            first.close(Duration.ofSeconds(30));
            assertThat(first.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);

            KafkaStreams second = startApp();
            sendAll(producer, input.subList(half + half / 2, input.size()));
            try {
                kafka.awaitRecordCount(OUTPUTS, input.size(), Duration.ofMinutes(3));
            } finally {
                second.close(Duration.ofSeconds(30));
            }
        }

        Map<String, List<ConsumerRecord<byte[], byte[]>>> out = new HashMap<>();
        for (String topic : OUTPUTS) {
            out.put(topic, kafka.readAll(topic));
        }
        assertThat(keys(out.get("user-activity.usa"))).hasSize(expectedUsa.size()).containsExactlyInAnyOrderElementsOf(expectedUsa);
        assertThat(keys(out.get("user-activity.international"))).hasSize(expectedInternational.size())
                .containsExactlyInAnyOrderElementsOf(expectedInternational);
        assertThat(keys(out.get("events.enriched"))).hasSize(expectedEvents.size())
                .containsExactlyInAnyOrderElementsOf(expectedEvents);
        assertThat(out.get("user-activity.dlq")).hasSize(badSessions);
        assertThat(out.get("events.dlq")).hasSize(badEvents);
        int total = out.values().stream().mapToInt(List::size).sum();
        assertThat(total).as("count in = count out + count DLQ").isEqualTo(SESSIONS + EVENTS);
        assertThat(expectedUsa.size()).isBetween(8_000, 10_000);
    }

    private KafkaStreams startApp() throws InterruptedException {
        AppConfig config = AppConfig.of(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "eos-restart-it",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2",
                AppConfig.PIPELINES_CONFIG, "user-activity,events"));
        KafkaStreams streams = new KafkaStreams(TopologyFactory.build(config), config.streamsProperties());
        streams.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            assertThat(System.nanoTime()).as("streams reaches RUNNING").isLessThan(deadline);
            Thread.sleep(50);
        }
        return streams;
    }

    private static void awaitOutputCount(long atLeast) {
        kafka.awaitRecordCount(OUTPUTS, atLeast, Duration.ofMinutes(2));
    }

    private static void sendAll(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records) {
        records.forEach(producer::send);
        producer.flush();
    }

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> keys = new ArrayList<>(records.size());
        records.forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
        return keys;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, bytes(key), bytes(value));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
