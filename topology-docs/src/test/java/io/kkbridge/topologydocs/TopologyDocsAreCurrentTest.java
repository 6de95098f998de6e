package io.kkbridge.topologydocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed docs are what the generator makes of the current code, byte for byte. */
class TopologyDocsAreCurrentTest {

    /** Set by the build to the module's docs folder; the fallback serves IDEs that run tests in the module. */
    private static final Path COMMITTED = Path.of(System.getProperty("kkbridge.topology.docs.dir", "docs"));

    @TempDir
    Path generated;

    @Test
    void shouldFindEveryGeneratedPageCommittedAndNoOther() throws IOException {
        TopologyDocsGenerator.writeTo(generated);

        assertThat(files(COMMITTED)).as(outOfDate("the files in " + COMMITTED + " are not the generated ones"))
                .containsExactlyElementsOf(files(generated));
    }

    @Test
    void shouldFindEveryCommittedPageEqualToTheGeneratedOneByteForByte() throws IOException {
        TopologyDocsGenerator.writeTo(generated);

        List<String> differences = new ArrayList<>();
        for (String file : files(generated)) {
            Path committed = COMMITTED.resolve(file);
            if (Files.isRegularFile(committed)) {
                byte[] expected = Files.readAllBytes(generated.resolve(file));
                byte[] actual = Files.readAllBytes(committed);
                if (!Arrays.equals(expected, actual)) {
                    differences.add(file + ": " + firstDifference(expected, actual));
                }
            }
        }
        assertThat(differences).as(outOfDate("pages differ from the generated ones")).isEmpty();
    }

    private static String outOfDate(String problem) {
        return "topology-docs/docs is out of date (" + problem + "). Regenerate it with\n    "
                + TopologyDocsGenerator.REGENERATE_COMMAND
                + "\nor, with streams-app installed, mvn -q -pl topology-docs compile exec:java\n"
                + "and commit the result";
    }

    private static SortedSet<String> files(Path directory) throws IOException {
        SortedSet<String> files = new TreeSet<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.filter(Files::isRegularFile)
                        .forEach(path -> files.add(directory.relativize(path).toString().replace('\\', '/')));
            }
        }
        return files;
    }

    /** The first line that differs, with line breaks shown, so a CRLF checkout is recognisable. */
    private static String firstDifference(byte[] expected, byte[] actual) {
        String[] expectedLines = new String(expected, StandardCharsets.UTF_8).split("(?<=\n)", -1);
        String[] actualLines = new String(actual, StandardCharsets.UTF_8).split("(?<=\n)", -1);
        for (int i = 0; i < Math.max(expectedLines.length, actualLines.length); i++) {
            String expectedLine = i < expectedLines.length ? expectedLines[i] : "<end of file>";
            String actualLine = i < actualLines.length ? actualLines[i] : "<end of file>";
            if (!expectedLine.equals(actualLine)) {
                return "line " + (i + 1) + " is " + visible(actualLine) + ", expected " + visible(expectedLine);
            }
        }
        return "same text, different bytes";
    }

    private static String visible(String line) {
        return "\"" + line.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
