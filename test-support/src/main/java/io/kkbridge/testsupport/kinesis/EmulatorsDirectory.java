package io.kkbridge.testsupport.kinesis;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code test-support/emulators}, the folder with the Node launchers and the {@code node_modules} that the
 * test-support Maven build installs there with {@code npm ci}.
 *
 * <p>Looked up, first match wins: the system property {@value #PROPERTY}; then upwards from the working directory
 * (a module's tests run in that module's folder, the sandbox in the repository root); then upwards from where
 * these classes were loaded ({@code test-support/target/classes} in a reactor build).
 */
public final class EmulatorsDirectory {

    public static final String PROPERTY = "kkbridge.emulators.dir";

    private static final Path RELATIVE = Paths.get("test-support", "emulators");

    private EmulatorsDirectory() {
    }

    /** The emulators folder, with its packages installed; throws with what to do when it is missing. */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Paths.get(configured).toAbsolutePath().normalize();
            requireInstalled(dir, "system property " + PROPERTY);
            return dir;
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Paths.get("").toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(RELATIVE);
                if (Files.isDirectory(candidate.resolve("node_modules"))) {
                    return candidate.normalize();
                }
            }
        }
        throw new IllegalStateException("Could not find " + RELATIVE + "/node_modules above " + starts
                + ". Build test-support first (mvn -pl test-support generate-resources runs npm ci there), or set -D"
                + PROPERTY + "=<path to test-support/emulators>.");
    }

    private static void requireInstalled(Path dir, String source) {
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException(dir + " (from " + source + ") has no node_modules; run the test-support "
                    + "build (mvn -pl test-support generate-resources) or npm ci in that folder.");
        }
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = EmulatorsDirectory.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Paths.get(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
