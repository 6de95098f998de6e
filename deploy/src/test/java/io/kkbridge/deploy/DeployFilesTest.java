package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every JSON and YAML file of deploy/ parses, before and after rendering; every placeholder is documented. */
class DeployFilesTest {

    @Test
    void shouldParseEveryJsonFileAsWrittenAndAsRendered() throws IOException {
        List<Path> files = DeployFiles.materialFiles("json");

        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : files) {
            assertThat(DeployFiles.json(DeployFiles.read(file)).isObject()).as("%s", file).isTrue();
            assertThat(DeployFiles.json(DeployFiles.render(file)).isObject()).as("%s rendered", file).isTrue();
        }
    }

    @Test
    void shouldParseEveryYamlFileWithCloudFormationsTags() {
        List<Path> files = DeployFiles.materialFiles("yaml", "yml");

        assertThat(files).isNotEmpty();
        for (Path file : files) {
            CloudFormationTemplate template = CloudFormationTemplate.parse(DeployFiles.read(file));
            assertThat(template.root()).as("%s", file).containsKeys("AWSTemplateFormatVersion", "Resources");
        }
    }

    @Test
    void shouldDocumentEveryPlaceholderInDeployMd() {
        Set<String> used = new TreeSet<>();
        for (Path file : DeployFiles.materialFiles("json", "properties", "yaml")) {
            used.addAll(DeployFiles.placeholders(DeployFiles.read(file)));
        }
        String guide = DeployFiles.read(DeployFiles.file("DEPLOY.md"));

        assertThat(used).containsExactlyInAnyOrderElementsOf(DeployFiles.SAMPLE_VALUES.keySet());
        for (String name : used) {
            assertThat(guide).as("DEPLOY.md explains %s", name).contains("export " + name + "=");
        }
    }

    @Test
    void shouldRenderNothingWhenAValueIsMissingAndNameEveryMissingOne() {
        Map<String, String> partial = new HashMap<>(DeployFiles.SAMPLE_VALUES);
        partial.remove("MSK_CLUSTER_UUID");
        partial.remove("AWS_REGION");

        DeployFiles.Rendered rendered = DeployFiles.runRender(
                DeployFiles.file("iam/streams-app.policy.json"), partial);

        assertThat(rendered.exitCode()).isEqualTo(1);
        assertThat(rendered.stdout()).isEmpty();
        assertThat(rendered.stderr()).contains("needs AWS_REGION MSK_CLUSTER_UUID");
    }

    @Test
    void shouldRenderValuesWithShellAndSedSpecialCharactersLiterally() {
        Map<String, String> values = new HashMap<>(DeployFiles.SAMPLE_VALUES);
        values.put("AWS_ACCOUNT_ID", "a&b/c\\d$e");

        String rendered = DeployFiles.runRender(DeployFiles.file("iam/kinesis-sink.policy.json"), values).stdout();

        assertThat(rendered).contains("arn:aws:kinesis:us-east-1:a&b/c\\d$e:stream/user-activity-usa");
    }
}
