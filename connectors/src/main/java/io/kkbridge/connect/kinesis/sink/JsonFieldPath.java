package io.kkbridge.connect.kinesis.sink;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A dotted path to a field of a JSON document, such as {@code customer.id}, and a reader that finds the value at
 * that path without building the document: it reads the document only as far as the field, skipping the values
 * of other members. Field names that contain a dot cannot be addressed. If a name occurs twice in an object, the
 * first occurrence counts.
 *
 * <p>Only a string, number or boolean makes a key: its text (a string without quotes, a number as written).
 */
public final class JsonFieldPath {

    /** The field's text, or why there is none. Exactly one of the two is set. */
    public record Lookup(String value, String problem) {
    }

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String path;
    private final List<String> names;

    private JsonFieldPath(String path, List<String> names) {
        this.path = path;
        this.names = names;
    }

    /** @throws IllegalArgumentException if {@code path} is blank or has an empty name, as in {@code a..b} */
    public static JsonFieldPath parse(String path) {
        String trimmed = path.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("a field path needs at least one field name");
        }
        List<String> names = List.of(trimmed.split("\\.", -1));
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("'" + trimmed + "' has an empty field name; use names separated "
                    + "by single dots, such as customer.id");
        }
        return new JsonFieldPath(trimmed, names);
    }

    public String path() {
        return path;
    }

    public Lookup lookUp(byte[] utf8Json) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8Json))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Lookup(null, "the value is not UTF-8 text, so it has no JSON field '" + path + "'");
        }
        return lookUp(json);
    }

    public Lookup lookUp(String json) {
        try {
            return find(new Cursor(json));
        } catch (IllegalArgumentException e) {
            return new Lookup(null, "the value is not valid JSON (" + e.getMessage() + "), so it has no field '"
                    + path + "'");
        }
    }

    private Lookup find(Cursor cursor) {
        cursor.skipWhitespace();
        for (int depth = 0; depth < names.size(); depth++) {
            if (cursor.peek() != '{') {
                String parent = depth == 0 ? "the value" : "field '" + String.join(".", names.subList(0, depth)) + "'";
                return new Lookup(null, parent + " is not a JSON object, so it has no field '" + path + "'");
            }
            if (!cursor.enterMember(names.get(depth))) {
                return new Lookup(null, "the value has no field '" + path + "'");
            }
        }
        return scalar(cursor);
    }

    private Lookup scalar(Cursor cursor) {
        char first = cursor.peek();
        if (first == '"') {
            return new Lookup(cursor.readString(), null);
        }
        if (first == '{' || first == '[') {
            return new Lookup(null, "field '" + path + "' is " + (first == '{' ? "an object" : "an array")
                    + ", not a string, number or boolean");
        }
        String token = cursor.readToken();
        if (token.equals("null")) {
            return new Lookup(null, "field '" + path + "' is null");
        }
        if (token.equals("true") || token.equals("false") || NUMBER.matcher(token).matches()) {
            return new Lookup(token, null);
        }
        throw new IllegalArgumentException("unexpected '" + token + "' at position " + cursor.position);
    }

    /** A position in the document; every method throws IllegalArgumentException where the JSON is broken. */
    private static final class Cursor {
        private final String json;
        private int position;

        Cursor(String json) {
            this.json = json;
        }

        char peek() {
            if (position >= json.length()) {
                throw new IllegalArgumentException("unexpected end at position " + position);
            }
            return json.charAt(position);
        }

        void skipWhitespace() {
            while (position < json.length() && isWhitespace(json.charAt(position))) {
                position++;
            }
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        void expect(char expected) {
            skipWhitespace();
            if (peek() != expected) {
                throw new IllegalArgumentException("expected '" + expected + "' at position " + position
                        + " but found '" + peek() + "'");
            }
            position++;
        }

        /** At an object: moves to the value of member {@code name} and returns true, or past the object and false. */
        boolean enterMember(String name) {
            expect('{');
            skipWhitespace();
            if (peek() == '}') {
                position++;
                return false;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw new IllegalArgumentException("expected a member name at position " + position);
                }
                String member = readString();
                expect(':');
                skipWhitespace();
                if (member.equals(name)) {
                    return true;
                }
                skipValue();
                skipWhitespace();
                char next = peek();
                position++;
                if (next == '}') {
                    return false;
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected ',' or '}' at position " + (position - 1));
                }
            }
        }

        // Iterative, so that deeply nested input cannot overflow the stack; checks only what skipping needs.
        void skipValue() {
            int depth = 0;
            do {
                skipWhitespace();
                char c = peek();
                if (c == '"') {
                    readString();
                } else if (c == '{' || c == '[') {
                    depth++;
                    position++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    position++;
                    if (depth < 0) {
                        throw new IllegalArgumentException("unexpected '" + c + "' at position " + (position - 1));
                    }
                } else if (c == ',' || c == ':') {
                    if (depth == 0) {
                        throw new IllegalArgumentException("unexpected '" + c + "' at position " + position);
                    }
                    position++;
                } else {
                    readToken();
                }
            } while (depth > 0);
        }

        String readToken() {
            int start = position;
            while (position < json.length() && "{}[],:\" \t\n\r".indexOf(json.charAt(position)) < 0) {
                position++;
            }
            if (start == position) {
                throw new IllegalArgumentException("unexpected '" + peek() + "' at position " + position);
            }
            return json.substring(start, position);
        }

        String readString() {
            expect('"');
            StringBuilder text = new StringBuilder();
            while (true) {
                char c = peek();
                position++;
                if (c == '"') {
                    return text.toString();
                }
                if (c != '\\') {
                    text.append(c);
                    continue;
                }
                char escape = peek();
                position++;
                switch (escape) {
                    case '"', '\\', '/' -> text.append(escape);
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'u' -> text.append(readHexChar());
                    default -> throw new IllegalArgumentException("bad escape \\" + escape + " at position "
                            + (position - 2));
                }
            }
        }

        private char readHexChar() {
            int code = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(peek(), 16);
                if (digit < 0) {
                    throw new IllegalArgumentException("bad \\u escape at position " + (position - i - 2));
                }
                code = code * 16 + digit;
                position++;
            }
            return (char) code;
        }
    }
}
