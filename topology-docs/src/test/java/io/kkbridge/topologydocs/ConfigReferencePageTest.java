package io.kkbridge.topologydocs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.junit.jupiter.api.Test;

import io.kkbridge.streams.config.AppConfig;

class ConfigReferencePageTest {

    @Test
    void shouldTabulateKeysByGroupInDeclaredOrderWithoutInternalKeys() {
        ConfigDef configDef = new ConfigDef()
                .define("b.key", Type.INT, 5, ConfigDef.Range.atLeast(1), Importance.MEDIUM, "Second | in group.",
                        "Main", 2, Width.SHORT, "B")
                .define("a.key", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Required, first.", "Main",
                        1, Width.SHORT, "A")
                .define("c.key", Type.STRING, "", Importance.LOW, "Empty default, *not* emphasis.")
                .define("d.key", Type.PASSWORD, null, Importance.LOW, "Null default.")
                .defineInternal("internal.key", Type.STRING, "x", Importance.LOW);

        String page = ConfigReferencePage.render("Settings", "Where settings come from.", configDef,
                key -> "ENV_" + key);

        assertThat(page).isEqualTo("# Settings\n\n" + TopologyDocsGenerator.GENERATED_NOTICE + "\n\n" + """
                Where settings come from.

                ## Main

                | Key | Environment variable | Type | Default | Valid values | Importance | Description |
                | --- | --- | --- | --- | --- | --- | --- |
                | `a.key` | `ENV_a.key` | string | required | — | high | Required, first. |
                | `b.key` | `ENV_b.key` | int | `5` | \\[1,...\\] | medium | Second \\| in group. |

                ## Other

                | Key | Environment variable | Type | Default | Valid values | Importance | Description |
                | --- | --- | --- | --- | --- | --- | --- |
                | `c.key` | `ENV_c.key` | string | empty | — | low | Empty default, \\*not\\* emphasis. |
                | `d.key` | `ENV_d.key` | password | `null` | — | low | Null default. |
                """);
    }

    @Test
    void shouldDocumentEveryAppConfigKeyWithItsEnvironmentVariable() {
        String page = TopologyDocsGenerator.render().get(TopologyDocsGenerator.CONFIG_PAGE);

        assertThat(AppConfig.CONFIG_DEF.names()).isNotEmpty().allSatisfy(key -> assertThat(page)
                .contains("| " + Markdown.code(key) + " | " + Markdown.code(AppConfig.environmentName(key)) + " |"));
        assertThat(page).contains("| `user.activity.usa.match` | `KKB_USER_ACTIVITY_USA_MATCH` | string | `exact` | "
                + "\\[exact, aliases\\] | medium |");
    }
}
