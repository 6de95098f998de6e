package io.kkbridge.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kkbridge.connect.kinesis.source.ShardMetricsRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/**
 * Enhanced fan-out on a real Connect worker against kinesis-mock, whose TLS port serves SubscribeToShard over
 * HTTP/2 (self-signed certificate, hence {@code kinesis.efo.tls.trust.all.certificates}); the other calls go to its
 * plain port. Exactly-once source support is on, as in production.
 */
class KinesisSourceFanOutIT extends OnKinesisMockAndWorker {

    private static final KeyedRecords RECORDS = new KeyedRecords(100);
    private static final int BATCH = 500;

    static Map<String, String> fanOutConfig(String stream) {
        Map<String, String> config = KinesisSourceConnectorIT.sourceConfig(stream, kinesis.endpoint());
        config.put("kinesis.consumer.type", "EFO");
        config.put("kinesis.efo.endpoint.override", kinesis.tlsEndpoint().orElseThrow().toString());
        config.put("kinesis.efo.tls.trust.all.certificates", "true");
        config.put("kinesis.shard.discovery.interval.ms", "1000");
        config.put("kinesis.parent.shard.check.interval.ms", "500");
        return config;
    }

    /** SubscribeToShard calls of the connector's tasks, from the shard metrics over JMX (same JVM). */
    private static long subscriptions(String connector) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        for (ObjectName name : server.queryNames(new ObjectName(ShardMetricsRegistry.DOMAIN + ":connector="
                + connector + ",*"), null)) {
            total += (Long) server.getAttribute(name, "Subscriptions");
        }
        return total;
    }

    @Test
    void shouldDeliverEveryRecordOnceInKeyOrderThroughRenewalsAndUpdateShardCount() throws Exception {
        int records = 20_000;
        kinesis.createStream("sensors", 4);
        connect.kafka().createTopic("kinesis.sensors", 4);
        Map<String, String> config = fanOutConfig("sensors");
        config.put("kinesis.efo.subscription.renewal.ms", "4000");
        connect.configureConnector("sensors-efo", config);
        connect.awaitConnectorRunning("sensors-efo", 2, Duration.ofSeconds(60));
        assertThat(kinesis.client().describeStreamConsumer(request -> request.consumerName("sensors-efo")
                .streamARN(kinesis.client().describeStreamSummary(s -> s.streamName("sensors"))
                        .streamDescriptionSummary().streamARN())).consumerDescription().consumerStatus())
                .isEqualTo(ConsumerStatus.ACTIVE);

        for (int from = 0; from < records; from += BATCH) {
            kinesis.putRecords("sensors", RECORDS.batch(from, BATCH));
            if (from + BATCH == records / 2) {
                // the 4 shards' first subscriptions were renewed while records flowed
                awaitSubscriptions("sensors-efo", 8);
                kinesis.updateShardCount("sensors", 8);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> delivered = CommittedTopic.await(connect.bootstrapServers(),
                "kinesis.sensors", records, Duration.ofMinutes(3));

        Set<String> shardsRead = RECORDS.assertOncePerKeyInOrder(delivered, records);
        assertThat(shardsRead).as("records came from the 4 parents and the 8 children").hasSize(12);
        connect.deleteConnector("sensors-efo");
    }

    @Test
    void shouldSwitchARunningConnectorFromPollingToFanOutAndBackWithoutGapOrDuplicate() throws Exception {
        int records = 6_000;
        kinesis.createStream("meters", 4);
        connect.kafka().createTopic("kinesis.meters", 4);
        Map<String, String> polling = KinesisSourceConnectorIT.sourceConfig("meters", kinesis.endpoint());
        connect.configureConnector("meters-source", polling);
        connect.awaitConnectorRunning("meters-source", 2, Duration.ofSeconds(60));

        AtomicInteger written = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        // the writer holds at the first third until fan-out is subscribed, so that fan-out surely reads a part
        CountDownLatch fanOutSubscribed = new CountDownLatch(1);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try {
                for (int from = 0; from < records; from += 100) {
                    if (from == records / 3 + 1_000 && !fanOutSubscribed.await(2, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("fan-out never subscribed");
                    }
                    kinesis.putRecords("meters", RECORDS.batch(from, 100));
                    written.addAndGet(100);
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failed.set(true);
                throw e;
            }
        });
        awaitWritten(written, records / 3);
        connect.configureConnector("meters-source", fanOutConfig("meters"));
        connect.awaitConnectorRunning("meters-source", 2, Duration.ofSeconds(60));
        awaitSubscriptions("meters-source", 4);
        fanOutSubscribed.countDown();
        awaitWritten(written, 2 * records / 3);
        long efoSubscriptions = subscriptions("meters-source");
        connect.configureConnector("meters-source", polling);
        connect.awaitConnectorRunning("meters-source", 2, Duration.ofSeconds(60));
        producer.get(2, TimeUnit.MINUTES);

        List<ConsumerRecord<byte[], byte[]>> delivered = CommittedTopic.await(connect.bootstrapServers(),
                "kinesis.meters", records, Duration.ofMinutes(2));

        assertThat(failed).isFalse();
        RECORDS.assertOncePerKeyInOrder(delivered, records);
        assertThat(efoSubscriptions).as("the middle third was read with enhanced fan-out").isGreaterThanOrEqualTo(4);
        connect.deleteConnector("meters-source");
    }

    private static void awaitSubscriptions(String connector, long count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (subscriptions(connector) < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(subscriptions(connector)).as("SubscribeToShard calls of %s", connector)
                .isGreaterThanOrEqualTo(count);
    }

    private static void awaitWritten(AtomicInteger written, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (written.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(written.get()).isGreaterThanOrEqualTo(count);
    }
}
