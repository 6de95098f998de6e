package io.kkbridge.testsupport.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryFolderTest {

    @TempDir
    Path root;

    @Test
    void shouldPlaceObjectsUnderBucketAndKeyAndLeaveNoTemporaryFile() throws Exception {
        DeliveryFolder folder = new DeliveryFolder(root);

        Path file = folder.write("lake", "events/2024/01/02/03/s-1-2024-01-02-03-04-05-u", "abc".getBytes(UTF_8));

        assertThat(file).isEqualTo(root.resolve("lake/events/2024/01/02/03/s-1-2024-01-02-03-04-05-u"));
        assertThat(Files.readString(file)).isEqualTo("abc");
        try (Stream<Path> staged = Files.list(root.resolve(DeliveryFolder.STAGING_DIR))) {
            assertThat(staged).isEmpty();
        }
    }
}
