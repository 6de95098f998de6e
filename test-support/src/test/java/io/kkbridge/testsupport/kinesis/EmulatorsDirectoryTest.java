package io.kkbridge.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorsDirectoryTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(EmulatorsDirectory.PROPERTY);
    }

    @Test
    void shouldFindTheModuleFolderFromTheWorkingDirectory() {
        Path found = EmulatorsDirectory.locate();

        assertThat(found).endsWith(Paths.get("test-support", "emulators"));
        assertThat(found.resolve("kinesalite-loopback.js")).isRegularFile();
        assertThat(found.resolve("node_modules/kinesalite/package.json")).isRegularFile();
        assertThat(found.resolve("node_modules/kinesis-local/server.json")).isRegularFile();
    }

    @Test
    void shouldPreferTheSystemProperty(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("node_modules"));
        System.setProperty(EmulatorsDirectory.PROPERTY, dir.toString());

        assertThat(EmulatorsDirectory.locate()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void shouldSayHowToInstallWhenTheConfiguredFolderHasNoPackages(@TempDir Path dir) {
        System.setProperty(EmulatorsDirectory.PROPERTY, dir.toString());

        assertThatThrownBy(EmulatorsDirectory::locate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no node_modules")
                .hasMessageContaining("npm ci");
    }
}
