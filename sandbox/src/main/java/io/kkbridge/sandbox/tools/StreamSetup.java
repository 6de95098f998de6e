package io.kkbridge.sandbox.tools;

import java.io.PrintStream;
import java.time.Duration;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Checks, before anything is read or sent, that the stream is there and reachable with these credentials, and
 * creates it on request. Every failure here is final and names the stream and the endpoint.
 */
public final class StreamSetup {

    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(120);

    private StreamSetup() {
    }

    /** Waits until an existing stream is ACTIVE; returns its open shard count. */
    public static int requireExisting(KinesisClient client, String stream, String where, PrintStream err) {
        return prepare(client, stream, where, false, 0, err, "");
    }

    /**
     * Waits until the stream is ACTIVE, creating it first when asked and missing; returns its open shard count.
     */
    public static int prepare(KinesisClient client, String stream, String where, boolean create, int shards,
                              PrintStream err) {
        return prepare(client, stream, where, create, shards, err,
                "; create it, or pass --create-stream (with --shards N)");
    }

    private static int prepare(KinesisClient client, String stream, String where, boolean create, int shards,
                               PrintStream err, String missingHint) {
        try {
            StreamDescriptionSummary summary = describe(client, stream);
            if (summary == null) {
                if (!create) {
                    throw new ToolException("Stream '" + stream + "' does not exist at " + where + missingHint);
                }
                try {
                    client.createStream(b -> b.streamName(stream).shardCount(shards));
                    err.printf("Created stream '%s' with %d shard%s at %s%n", stream, shards, shards == 1 ? "" : "s",
                            where);
                } catch (ResourceInUseException e) {
                    // made by someone else meanwhile: fine, wait for it like for ours
                }
            }
            return awaitActive(client, stream, where);
        } catch (SdkClientException e) {
            String hint = KinesisOptions.credentialsHint(e);
            if (hint != null) {
                throw new ToolException(hint + " (for stream '" + stream + "' at " + where + ")", e);
            }
            throw new ToolException("Cannot reach Kinesis at " + where + " for stream '" + stream + "': "
                    + e.getMessage(), e);
        } catch (AwsServiceException e) {
            throw new ToolException("Kinesis at " + where + " refused access to stream '" + stream + "': "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage()), e);
        }
    }

    private static StreamDescriptionSummary describe(KinesisClient client, String stream) {
        try {
            return client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static int awaitActive(KinesisClient client, String stream, String where) {
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (true) {
            StreamDescriptionSummary summary = describe(client, stream);
            if (summary == null) {
                throw new ToolException("Stream '" + stream + "' disappeared at " + where);
            }
            if (summary.streamStatus() == StreamStatus.ACTIVE || summary.streamStatus() == StreamStatus.UPDATING) {
                return summary.openShardCount() == null ? 0 : summary.openShardCount();
            }
            if (summary.streamStatus() == StreamStatus.DELETING) {
                throw new ToolException("Stream '" + stream + "' at " + where + " is being deleted");
            }
            if (System.nanoTime() > deadline) {
                throw new ToolException("Stream '" + stream + "' at " + where + " is still " + summary.streamStatus()
                        + " after " + ACTIVE_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while waiting for stream '" + stream + "'", e);
            }
        }
    }
}
