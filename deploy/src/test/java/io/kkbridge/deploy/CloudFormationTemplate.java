package io.kkbridge.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation template read as CloudFormation reads it: the short-form intrinsic functions ({@code !Ref},
 * {@code !Sub}, {@code !GetAtt}, ...) become their long form ({@code {Ref: x}}, {@code {Fn::Sub: ...}}), so a test
 * can follow every reference. A tag that is not an intrinsic function fails the parse, as it does in CloudFormation.
 */
final class CloudFormationTemplate {

    static final List<String> FUNCTIONS = List.of("Ref", "Sub", "GetAtt", "If", "Equals", "Not", "And", "Or",
            "Join", "Select", "Split", "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue", "Condition");

    private final Map<String, Object> root;

    private CloudFormationTemplate(Map<String, Object> root) {
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    static CloudFormationTemplate parse(String yaml) {
        Object parsed = new Yaml(new IntrinsicFunctions()).load(yaml);
        return new CloudFormationTemplate((Map<String, Object>) parsed);
    }

    Map<String, Object> root() {
        return root;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> section(String name) {
        Object section = root.get(name);
        return section == null ? Map.of() : (Map<String, Object>) section;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> resource(String logicalId) {
        Object resource = section("Resources").get(logicalId);
        if (resource == null) {
            throw new AssertionError("no resource " + logicalId + " in the template");
        }
        return (Map<String, Object>) resource;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) resource(logicalId).get("Properties");
    }

    String resourceProperty(String logicalId, String property) {
        return String.valueOf(properties(logicalId).get(property));
    }

    /** The values of a literal name property of every resource of a type. */
    Set<String> namesOf(String type, String nameProperty) {
        Set<String> names = new LinkedHashSet<>();
        section("Resources").forEach((id, resource) -> {
            if (type.equals(((Map<?, ?>) resource).get("Type"))) {
                Object name = properties(id).get(nameProperty);
                if (name instanceof String literal) {
                    names.add(literal);
                }
            }
        });
        return names;
    }

    /** Logical id of the resource of a type whose name property is {@code name}. */
    String logicalIdOf(String type, String nameProperty, String name) {
        for (String id : section("Resources").keySet()) {
            Map<String, Object> resource = resource(id);
            if (type.equals(resource.get("Type")) && name.equals(properties(id).get(nameProperty))) {
                return id;
            }
        }
        throw new AssertionError("no " + type + " named " + name);
    }

    /** Makes each intrinsic function tag a one-entry map in the long form CloudFormation uses internally. */
    private static final class IntrinsicFunctions extends SafeConstructor {
        IntrinsicFunctions() {
            super(new LoaderOptions());
            for (String function : FUNCTIONS) {
                String longName = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                yamlConstructors.put(new Tag("!" + function), new LongForm(longName));
            }
        }

        private final class LongForm extends AbstractConstruct {
            private final String name;

            LongForm(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is Fn::GetAtt [Resource, Attribute]
                    value = name.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> function = new LinkedHashMap<>();
                function.put(name, value);
                return function;
            }
        }
    }
}
