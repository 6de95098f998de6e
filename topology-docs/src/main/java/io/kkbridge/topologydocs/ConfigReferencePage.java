package io.kkbridge.topologydocs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/** The configuration reference: one table per {@link ConfigDef} group, in the groups' and keys' declared order. */
final class ConfigReferencePage {

    static final String OTHER_GROUP = "Other";

    private static final List<String> COLUMNS = List.of("Key", "Environment variable", "Type", "Default",
            "Valid values", "Importance", "Description");
    private static final List<String> COLUMNS_WITHOUT_ENVIRONMENT = List.of("Key", "Type", "Default",
            "Valid values", "Importance", "Description");

    private ConfigReferencePage() {
    }

    /**
     * @param title the page title, plain text
     * @param introduction Markdown on where the keys come from
     * @param environmentName the environment variable that sets a key, or null when keys have none (connectors)
     */
    static String render(String title, String introduction, ConfigDef configDef,
            UnaryOperator<String> environmentName) {
        StringBuilder page = new StringBuilder();
        page.append("# ").append(title).append("\n\n");
        page.append(TopologyDocsGenerator.GENERATED_NOTICE).append("\n\n");
        page.append(introduction).append('\n');
        List<String> columns = environmentName == null ? COLUMNS_WITHOUT_ENVIRONMENT : COLUMNS;
        groups(configDef).forEach((group, keys) -> {
            page.append("\n## ").append(group).append("\n\n");
            page.append(Markdown.row(columns)).append('\n');
            page.append(Markdown.separatorRow(columns.size())).append('\n');
            for (ConfigKey key : keys) {
                List<String> cells = new ArrayList<>();
                cells.add(Markdown.code(key.name));
                if (environmentName != null) {
                    cells.add(Markdown.code(environmentName.apply(key.name)));
                }
                cells.addAll(List.of(lowerCase(key.type), defaultValue(key),
                        key.validator == null ? Markdown.NONE : Markdown.text(key.validator.toString()),
                        lowerCase(key.importance), Markdown.text(key.documentation == null ? "" : key.documentation)));
                page.append(Markdown.row(cells)).append('\n');
            }
        });
        return page.toString();
    }

    /** Keys by group: declared groups first, in order, then keys without a group; internal keys left out. */
    private static Map<String, List<ConfigKey>> groups(ConfigDef configDef) {
        Map<String, List<ConfigKey>> groups = new LinkedHashMap<>();
        configDef.groups().forEach(group -> groups.put(group, new ArrayList<>()));
        for (ConfigKey key : configDef.configKeys().values()) {
            if (!key.internalConfig) {
                groups.computeIfAbsent(key.group == null ? OTHER_GROUP : key.group, g -> new ArrayList<>()).add(key);
            }
        }
        groups.values().removeIf(List::isEmpty);
        groups.values().forEach(keys -> keys.sort(Comparator.<ConfigKey>comparingInt(key -> key.orderInGroup)
                .thenComparing(key -> key.name)));
        return groups;
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        if (key.defaultValue == null) {
            return Markdown.code("null");
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        return value.isEmpty() ? "empty" : Markdown.code(value);
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
