package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Streams app in a JVM of its own, on the classpath bin/streams-app uses (its classes and
 * streams-app/target/classpath.txt): Kafka 4 and the IAM library there, while this module's tests run on Kafka 3.7.
 */
final class StreamsAppProcess {

    private static final Pattern SOURCE_TOPICS = Pattern.compile("Source: \\S+ \\(topics: \\[([^]]*)]\\)");
    private static final Pattern SINK_TOPIC = Pattern.compile("Sink: \\S+ \\(topic: ([^)]+)\\)");
    private static final Pattern STORES = Pattern.compile("stores: \\[([^]]*)]");

    record Result(int exitCode, String stdout, String stderr, long elapsedMs) {
    }

    /** Topic names as the topology describes them; internal ones (-repartition, -changelog) without the id prefix. */
    record TopologyTopics(Set<String> sources, Set<String> sinks, Set<String> stores) {
    }

    private static TopologyTopics topology;

    private StreamsAppProcess() {
    }

    static Result run(String... args) {
        Path target = Path.of(System.getProperty("kkbridge.streams.app.dir"));
        Path classpathFile = target.resolve("classpath.txt");
        assertThat(classpathFile).as("streams-app is packaged (mvn package -pl streams-app)").isRegularFile();
        String classpath = target.resolve("classes") + File.pathSeparator + DeployFiles.read(classpathFile).strip();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, "io.kkbridge.streams.app.StreamsApp"));
        command.addAll(List.of(args));
        command.addAll(List.of("-D", "query.api.port=0")); // tests never take a fixed port
        try {
            Path out = Files.createTempFile("streams-app", ".out");
            Path err = Files.createTempFile("streams-app", ".err");
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the Streams app did not exit within 60 s: " + Files.readString(err));
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), elapsedMs);
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The topics of the topology the MSK properties select (all pipelines), from {@code --print-topology}. */
    static synchronized TopologyTopics topology() {
        if (topology == null) {
            Result result = run("--print-topology", "--config",
                    DeployFiles.file("streams-app/msk-iam.properties").toString());
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            topology = parse(result.stdout());
        }
        return topology;
    }

    static TopologyTopics parse(String description) {
        Set<String> sources = new LinkedHashSet<>();
        Set<String> sinks = new LinkedHashSet<>();
        Set<String> stores = new LinkedHashSet<>();
        Matcher matcher = SOURCE_TOPICS.matcher(description);
        while (matcher.find()) {
            for (String topic : matcher.group(1).split(",")) {
                sources.add(topic.strip());
            }
        }
        matcher = SINK_TOPIC.matcher(description);
        while (matcher.find()) {
            sinks.add(matcher.group(1).strip());
        }
        matcher = STORES.matcher(description);
        while (matcher.find()) {
            for (String store : matcher.group(1).split(",")) {
                if (!store.isBlank()) {
                    stores.add(store.strip());
                }
            }
        }
        return new TopologyTopics(sources, sinks, stores);
    }

    static boolean isInternal(String topic) {
        return topic.endsWith("-repartition") || topic.endsWith("-changelog");
    }
}
