package io.kkbridge.testsupport.firehose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The local stand-in for S3: object {@code s3://bucket/key} is the file {@code <root>/<bucket>/<key>}. Each object
 * is written to a temporary file first and then moved into place atomically, so a reader never sees half an
 * object. Temporary files live in {@value #STAGING_DIR} under the root, a name no S3 bucket can have.
 */
final class DeliveryFolder {

    static final String STAGING_DIR = ".staging";

    private final Path root;
    private final Path staging;

    DeliveryFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING_DIR);
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create delivery folder " + staging, e);
        }
    }

    Path root() {
        return root;
    }

    Path write(String bucket, String key, byte[] content) {
        Path target = root.resolve(bucket).resolve(key).normalize();
        if (!target.startsWith(root.resolve(bucket))) {
            throw new IllegalArgumentException("Key escapes its bucket folder: " + key);
        }
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(staging, "object-", ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot deliver s3://" + bucket + "/" + key + " to " + target, e);
        }
    }
}
