package io.kkbridge.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the sandbox module's files are: its connector configurations and, under target/, the unpacked plugin. */
final class SandboxPaths {

    /** Set by bin/sandbox; otherwise found from the working directory (the repository root or the module). */
    static final String HOME_PROPERTY = "kkbridge.sandbox.home";

    private SandboxPaths() {
    }

    static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        Path fromRoot = Path.of("sandbox");
        return Files.isRegularFile(fromRoot.resolve("connectors/kinesis-source.json")) ? fromRoot : Path.of(".");
    }
}
