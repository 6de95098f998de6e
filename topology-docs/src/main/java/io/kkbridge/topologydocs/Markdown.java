package io.kkbridge.topologydocs;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** The bits of Markdown (GitHub flavour) the pages are made of. */
final class Markdown {

    static final String NONE = "—";

    private Markdown() {
    }

    /** The text as a code span, fenced with more backticks than it contains in a row. */
    static String code(String text) {
        String fence = "`";
        while (text.contains(fence)) {
            fence += "`";
        }
        // a longer fence needs blanks inside, or a backtick at either end of the text would join it
        return fence.length() > 1 ? fence + " " + text + " " + fence : fence + text + fence;
    }

    /** The texts as comma-separated code spans, or {@link #NONE}. */
    static String codeList(List<String> texts) {
        return texts.isEmpty() ? NONE : texts.stream().map(Markdown::code).collect(Collectors.joining(", "));
    }

    /**
     * Prose with the characters that would turn into markup escaped. An underscore inside a word
     * ({@code session_id}) stays as it is: GitHub does not read it as emphasis.
     */
    static String text(String prose) {
        StringBuilder escaped = new StringBuilder(prose.length());
        for (int i = 0; i < prose.length(); i++) {
            char c = prose.charAt(i);
            boolean markup = switch (c) {
                case '\\', '*', '`', '<', '[', ']' -> true;
                case '_' -> !isWordCharacter(prose, i - 1) || !isWordCharacter(prose, i + 1);
                default -> false;
            };
            escaped.append(markup ? "\\" : "").append(c);
        }
        return escaped.toString();
    }

    private static boolean isWordCharacter(String text, int index) {
        return index >= 0 && index < text.length() && Character.isLetterOrDigit(text.charAt(index));
    }

    /** A table row; pipes are escaped in every cell, code spans included, as GitHub tables require. */
    static String row(List<String> cells) {
        return cells.stream()
                .map(cell -> cell.replace("|", "\\|").replace("\r", " ").replace("\n", " "))
                .collect(Collectors.joining(" | ", "| ", " |"));
    }

    static String separatorRow(int columns) {
        return row(Collections.nCopies(columns, "---"));
    }

    /** A fenced block whose fence is longer than any run of backticks in the content. */
    static String fenced(String info, String content) {
        String fence = "```";
        while (content.contains(fence)) {
            fence += "`";
        }
        return fence + info + "\n" + content + (content.endsWith("\n") ? "" : "\n") + fence + "\n";
    }
}
