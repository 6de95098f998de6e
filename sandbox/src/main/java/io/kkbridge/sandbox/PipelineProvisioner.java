package io.kkbridge.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kkbridge.testsupport.kinesis.KinesisStreams;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Creates what the seed pipeline needs, through the same APIs whoever provides the services: Kinesis streams
 * (CreateStream), Kafka topics (Admin), Firehose delivery streams into S3 (CreateDeliveryStream) and the three
 * connectors (Connect's REST API, from {@link ConnectorConfigs}). The embedded sandbox points it at the emulators
 * and the in-process worker; the container test at LocalStack and a worker on the Kafka container.
 */
public final class PipelineProvisioner {

    public static final String USER_ACTIVITY_STREAM = "user-activity";
    public static final String EVENTS_STREAM = "events";
    public static final String USA_STREAM = "user-activity-usa";
    public static final String INTERNATIONAL_STREAM = "user-activity-international";
    /** Kinesis streams and their shard counts: the two sources, then the per-region outputs. */
    public static final Map<String, Integer> KINESIS_STREAMS = Map.of(USER_ACTIVITY_STREAM, 4, EVENTS_STREAM, 2,
            USA_STREAM, 2, INTERNATIONAL_STREAM, 2);
    public static final List<String> DELIVERY_STREAMS = List.of("user-activity-usa", "user-activity-international",
            "events-lake");
    public static final String BUCKET = "kkbridge-lake";
    static final int TOPIC_PARTITIONS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIREHOSE_ROLE = "arn:aws:iam::000000000000:role/kkbridge-firehose";

    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public PipelineProvisioner(Consumer<String> progress) {
        this.progress = progress;
    }

    public void createKinesisStreams(KinesisClient kinesis) {
        KinesisStreams streams = new KinesisStreams(kinesis);
        KINESIS_STREAMS.forEach(streams::createStream);
    }

    public void createTopics(String bootstrapServers, Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, TOPIC_PARTITIONS, (short) 1))).all()
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + topic, e.getCause());
                    }
                }
            }
            awaitLeaders(admin, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not create the topics in 30 s", e);
        }
    }

    /**
     * Waits until every partition of the topics has a leader: a topic just created may not be in the metadata
     * yet, and Kafka Streams stops with MissingSourceTopicException when a source topic is not.
     */
    private static void awaitLeaders(Admin admin, Collection<String> topics)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                        .get(10, TimeUnit.SECONDS);
                boolean ready = descriptions.size() == topics.size() && descriptions.values().stream()
                        .allMatch(description -> !description.partitions().isEmpty()
                                && description.partitions().stream().allMatch(p -> p.leader() != null));
                if (ready) {
                    return;
                }
            } catch (ExecutionException notYetKnown) {
                // UnknownTopicOrPartition right after creation
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topics " + topics + " had no leaders within 30 s");
            }
            Thread.sleep(100);
        }
    }

    /** DirectPut delivery streams into {@code s3://kkbridge-lake/<stream>/YYYY/MM/DD/HH/}, 1 MiB or 5 s buffers. */
    public void createDeliveryStreams(FirehoseClient firehose) {
        for (String name : DELIVERY_STREAMS) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName(name).deliveryStreamType("DirectPut")
                    .extendedS3DestinationConfiguration(s3 -> s3.bucketARN("arn:aws:s3:::" + BUCKET)
                            .roleARN(FIREHOSE_ROLE).prefix(name + "/")
                            .bufferingHints(hints -> hints.sizeInMBs(1).intervalInSeconds(5))));
        }
    }

    /**
     * Registers the connectors ({@code PUT /connectors/<name>/config}) in file order and waits until each and all its
     * tasks are RUNNING.
     */
    public void registerConnectors(URI connectRest, Path connectorsDir, Map<String, String> environment) {
        List<ConnectorConfigs.Connector> connectors = ConnectorConfigs.load(connectorsDir, environment);
        for (ConnectorConfigs.Connector connector : connectors) {
            progress.accept("Registering connector " + connector.name() + " through Connect's REST API ...");
            HttpResponse<String> response = send(HttpRequest.newBuilder(connectRest.resolve("/connectors/"
                    + connector.name() + "/config")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json(connector.config()))));
            if (response.statusCode() != 200 && response.statusCode() != 201) {
                throw new IllegalStateException("Connect refused connector " + connector.name() + " (HTTP "
                        + response.statusCode() + "): " + response.body());
            }
        }
        for (ConnectorConfigs.Connector connector : connectors) {
            int tasks = Integer.parseInt(connector.config().getOrDefault("tasks.max", "1"));
            awaitRunning(connectRest, connector.name(), tasks, Duration.ofSeconds(90));
        }
    }

    private void awaitRunning(URI connectRest, String name, int tasks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no status yet";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(connectRest.resolve("/connectors/" + name
                    + "/status")).GET());
            if (response.statusCode() == 200) {
                last = response.body();
                JsonNode status = parse(last);
                if (status.at("/connector/state").asText().equals("FAILED")) {
                    throw new IllegalStateException("Connector " + name + " FAILED: " + status.at("/connector/trace")
                            .asText());
                }
                int running = 0;
                for (JsonNode task : status.path("tasks")) {
                    if (task.path("state").asText().equals("FAILED")) {
                        throw new IllegalStateException("Task " + task.path("id").asInt() + " of connector " + name
                                + " FAILED: " + task.path("trace").asText());
                    }
                    running += task.path("state").asText().equals("RUNNING") ? 1 : 0;
                }
                if (status.at("/connector/state").asText().equals("RUNNING") && running == tasks) {
                    return;
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("Connector " + name + " not RUNNING with " + tasks + " tasks within "
                + timeout + "; last status: " + last);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Connect's REST API did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static String json(Map<String, String> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Connect answered with something that is not JSON: " + body, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
