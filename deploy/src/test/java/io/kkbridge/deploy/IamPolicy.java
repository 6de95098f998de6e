package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An IAM identity policy, evaluated the way IAM evaluates Allow statements without conditions: an action matches
 * case-insensitively, a resource ARN case-sensitively, both with {@code *} and {@code ?} wildcards. Statements with
 * anything this evaluator does not model (Deny, NotAction, NotResource, Condition) are refused, so a test can never
 * pass on a statement it misread.
 */
final class IamPolicy {

    private record Statement(String sid, List<String> actions, List<String> resources) {
    }

    private final String name;
    private final List<Statement> statements = new ArrayList<>();

    IamPolicy(String name, JsonNode document) {
        this.name = name;
        assertThat(document.get("Version").asText()).as(name + " Version").isEqualTo("2012-10-17");
        for (JsonNode statement : document.get("Statement")) {
            assertThat(statement.get("Effect").asText()).as(name + " Effect").isEqualTo("Allow");
            for (String unsupported : List.of("NotAction", "NotResource", "Condition", "Principal")) {
                assertThat(statement.has(unsupported)).as(name + " uses " + unsupported).isFalse();
            }
            statements.add(new Statement(statement.path("Sid").asText(), strings(statement.get("Action")),
                    strings(statement.get("Resource"))));
        }
    }

    static IamPolicy rendered(String relative) {
        return new IamPolicy(relative, DeployFiles.renderedJson(relative));
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    boolean allows(String action, String resource) {
        for (Statement statement : statements) {
            boolean actionMatches = statement.actions().stream().anyMatch(pattern ->
                    glob(pattern.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches());
            boolean resourceMatches = statement.resources().stream()
                    .anyMatch(pattern -> glob(pattern).matcher(resource).matches());
            if (actionMatches && resourceMatches) {
                return true;
            }
        }
        return false;
    }

    /** Every action some statement names, as written. */
    Set<String> grantedActions() {
        Set<String> actions = new TreeSet<>();
        statements.forEach(statement -> actions.addAll(statement.actions()));
        return actions;
    }

    List<String> resources() {
        return statements.stream().flatMap(statement -> statement.resources().stream()).toList();
    }

    String name() {
        return name;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
