package io.kkbridge.sandbox.tools.tail;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.sandbox.tools.KinesisOptions;
import io.kkbridge.sandbox.tools.KkbTools;
import io.kkbridge.sandbox.tools.LowerCaseEnumConverter;
import io.kkbridge.sandbox.tools.StreamSetup;
import io.kkbridge.sandbox.tools.ToolException;
import io.kkbridge.streams.serde.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/** {@code kkb tail}: print the records of a Kinesis stream as they arrive. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = KkbTools.Version.class,
        description = {
            "Follow a Kinesis stream and print its records.",
            "",
            "One record per line: shard id, sequence number, partition key "
                    + "and data (UTF-8 text with CR, LF and TAB escaped as \\r \\n \\t; data that is not UTF-8 as "
                    + "base64:...). All shards are read; after a split or merge the new shards are followed once "
                    + "their parents are read to the end, so each key's records stay in order.",
            "Runs until Ctrl-C or --limit.",
            ""
        })
public final class TailCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format { TEXT, JSON }

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The Kinesis stream to follow.")
    String stream;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "LATEST",
            description = "TRIM_HORIZON (every record still in the stream) or LATEST (only records put from now on) "
                    + "(default: ${DEFAULT-VALUE}).")
    StreamFollower.Start from;

    @Option(names = "--limit", paramLabel = "N",
            description = "Stop after printing this many records (default: no limit).")
    Long limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            description = "text: shard, sequence number, key and data separated by two spaces; json: one JSON object "
                    + "per record with shardId, sequenceNumber, partitionKey, approximateArrivalTimestamp and data "
                    + "(or dataBase64 when the data is not UTF-8) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    KinesisOptions kinesis;

    private final PrintStream out;
    private final PrintStream err;

    public TailCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        long max = limit == null ? Long.MAX_VALUE : limit;
        if (max < 1) {
            throw new ToolException("--limit must be at least 1, not " + limit);
        }
        try (KinesisClient client = kinesis.client()) {
            StreamSetup.requireExisting(client, stream, kinesis.describe(), err);
            StreamFollower follower = new StreamFollower(client, stream, from);
            CountDownLatch finished = new CountDownLatch(1);
            boolean[] stop = {false};
            Thread onCtrlC = new Thread(() -> {
                synchronized (stop) {
                    stop[0] = true;
                }
                try {
                    finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kkb-ctrl-c");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                long printed = follower.follow(max, () -> {
                    synchronized (stop) {
                        return stop[0];
                    }
                }, this::print, () -> err.printf("Following '%s' at %s from %s: %s%n", stream, kinesis.describe(),
                        from, follower.describe()));
                out.flush();
                err.printf("Printed %,d record%s from '%s'%n", printed, printed == 1 ? "" : "s", stream);
                return 0;
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is running
                }
            }
        }
    }

    private void print(String shardId, Record record) {
        byte[] data = record.data().asByteArrayUnsafe();
        String text = utf8(data);
        if (format == Format.JSON) {
            ObjectNode line = Json.MAPPER.createObjectNode();
            line.put("shardId", shardId);
            line.put("sequenceNumber", record.sequenceNumber());
            line.put("partitionKey", record.partitionKey());
            line.put("approximateArrivalTimestamp", record.approximateArrivalTimestamp() == null ? null
                    : record.approximateArrivalTimestamp().toString());
            if (text != null) {
                line.put("data", text);
            } else {
                line.put("dataBase64", Base64.getEncoder().encodeToString(data));
            }
            try {
                out.println(Json.MAPPER.writeValueAsString(line));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.println(shardId + "  " + record.sequenceNumber() + "  " + escape(record.partitionKey()) + "  "
                    + (text != null ? escape(text) : "base64:" + Base64.getEncoder().encodeToString(data)));
        }
    }

    /** The data as text when it is valid UTF-8, else null. */
    static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String escape(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    /** {@code text} / {@code json}. */
    static final class FormatConverter extends LowerCaseEnumConverter<Format> {
        FormatConverter() {
            super(Format.class);
        }
    }
}
