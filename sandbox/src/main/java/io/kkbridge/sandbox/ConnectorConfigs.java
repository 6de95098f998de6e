package io.kkbridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The seed pipeline's connector configurations, committed under {@code sandbox/connectors/} in the shape Connect's
 * {@code POST /connectors} takes ({@code {"name": ..., "config": {...}}}). Values may reference
 * {@code ${env:NAME}}: on docker-compose Connect's {@code EnvVarConfigProvider} resolves them from the worker's
 * environment; the embedded sandbox, whose in-process worker has no such environment, fills them in here.
 */
public final class ConnectorConfigs {

    /** The files, in the order the connectors are registered: the source first, so topics fill before sinks start. */
    public static final List<String> FILES = List.of("kinesis-source.json", "kinesis-sink.json", "firehose-sink.json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    /** One connector: its name and its configuration with every {@code ${env:...}} resolved. */
    public record Connector(String name, Map<String, String> config) {
    }

    private ConnectorConfigs() {
    }

    /**
     * @param directory  the folder holding {@link #FILES}
     * @param environment the values of the {@code ${env:NAME}} references
     * @throws IllegalArgumentException naming the file and variable when a reference has no value
     */
    public static List<Connector> load(Path directory, Map<String, String> environment) {
        return FILES.stream().map(file -> loadFile(directory.resolve(file), environment)).toList();
    }

    static Connector loadFile(Path file, Map<String, String> environment) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read connector configuration " + file, e);
        }
        if (root == null || !root.path("name").isTextual() || !root.path("config").isObject()) {
            throw new IllegalArgumentException(file + " must be a JSON object with a string \"name\" and an object "
                    + "\"config\"");
        }
        Map<String, String> raw = JSON.convertValue(root.get("config"), new TypeReference<LinkedHashMap<String,
                String>>() { });
        Map<String, String> resolved = new LinkedHashMap<>();
        raw.forEach((key, value) -> resolved.put(key, resolve(value, environment, file, key)));
        return new Connector(root.get("name").asText(), resolved);
    }

    private static String resolve(String value, Map<String, String> environment, Path file, String key) {
        Matcher reference = ENV_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String variable = reference.group(1);
            String replacement = environment.get(variable);
            if (replacement == null) {
                throw new IllegalArgumentException(file + ": " + key + " references ${env:" + variable + "}, which "
                        + "has no value; known: " + environment.keySet());
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        reference.appendTail(out);
        return out.toString();
    }
}
