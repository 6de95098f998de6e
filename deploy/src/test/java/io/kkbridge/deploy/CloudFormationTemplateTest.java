package io.kkbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.constructor.ConstructorException;

/** deploy/cloudformation/kkbridge-aws.yaml: parses with CloudFormation's tags, references resolve, partitions agree. */
class CloudFormationTemplateTest {

    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::Region", "AWS::Partition",
            "AWS::StackName", "AWS::StackId", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");
    private static final Pattern PARTITION_KEY = Pattern.compile("!\\{partitionKeyFromQuery:([A-Za-z0-9_]+)}");

    private static CloudFormationTemplate template;

    static synchronized CloudFormationTemplate template() {
        if (template == null) {
            template = CloudFormationTemplate.parse(DeployFiles.read(
                    DeployFiles.file("cloudformation/kkbridge-aws.yaml")));
        }
        return template;
    }

    @Test
    void shouldRefuseATagCloudFormationDoesNotKnow() {
        try {
            CloudFormationTemplate.parse("Resources:\n  A:\n    Type: !Reference B\n");
            throw new AssertionError("an unknown tag was accepted");
        } catch (ConstructorException e) {
            assertThat(e.getMessage()).contains("!Reference");
        }
    }

    @Test
    void shouldReadTheShortFormFunctionsInTheirLongForm() {
        CloudFormationTemplate parsed = CloudFormationTemplate.parse(
                "A: !Ref B\nC: !GetAtt D.Arn\nE: !Sub \"x-${B}\"\nF: !If [G, !Ref H, !Ref AWS::NoValue]\n");

        assertThat(parsed.root()).containsEntry("A", Map.of("Ref", "B"))
                .containsEntry("C", Map.of("Fn::GetAtt", List.of("D", "Arn")))
                .containsEntry("E", Map.of("Fn::Sub", "x-${B}"))
                .containsEntry("F", Map.of("Fn::If", List.of("G", Map.of("Ref", "H"), Map.of("Ref", "AWS::NoValue"))));
    }

    @Test
    void shouldResolveEveryReferenceConditionAndSubstitution() {
        CloudFormationTemplate cfn = template();
        Set<String> parameters = cfn.section("Parameters").keySet();
        Set<String> resources = cfn.section("Resources").keySet();
        Set<String> conditions = cfn.section("Conditions").keySet();
        List<String> unresolved = new ArrayList<>();

        walk(cfn.root(), node -> {
            if (node.get("Ref") instanceof String name && !parameters.contains(name) && !resources.contains(name)
                    && !PSEUDO_PARAMETERS.contains(name)) {
                unresolved.add("Ref " + name);
            }
            if (node.get("Fn::GetAtt") instanceof List<?> getAtt && !resources.contains(getAtt.get(0))) {
                unresolved.add("GetAtt " + getAtt);
            }
            if (node.get("Fn::If") instanceof List<?> branches && !conditions.contains(branches.get(0))) {
                unresolved.add("If " + branches.get(0));
            }
            if (node.get("Condition") instanceof String condition && !conditions.contains(condition)) {
                unresolved.add("Condition " + condition);
            }
            if (node.get("Fn::Sub") instanceof String text) {
                Matcher matcher = SUB_VARIABLE.matcher(text);
                while (matcher.find()) {
                    String variable = matcher.group(1);
                    String target = variable.contains(".") && !variable.startsWith("AWS::")
                            ? variable.substring(0, variable.indexOf('.')) : variable;
                    if (!parameters.contains(target) && !resources.contains(target)
                            && !PSEUDO_PARAMETERS.contains(target)) {
                        unresolved.add("Sub ${" + variable + "}");
                    }
                }
            }
        });

        assertThat(unresolved).isEmpty();
        assertThat(resources).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void shouldPartitionTheEventsLakeByDateAndEventTypeAsTheGlueTableDeclaresIt() {
        CloudFormationTemplate cfn = template();
        Map<String, Object> s3 = destination(cfn, "EventsLakeDeliveryStream");

        List<String> prefixKeys = partitionKeys((String) s3.get("Prefix"));
        assertThat(prefixKeys).containsExactly("dt", "event_type");
        assertThat(queryKeys(s3)).containsExactlyInAnyOrderElementsOf(prefixKeys);
        assertThat(metadataQuery(s3)).contains(".created_datetime[0:10]").contains(".event_type");
        assertThat(streamsAppSourcesDeclare("created_datetime", "event_type")).isTrue();
        assertThat(map(s3.get("DynamicPartitioningConfiguration"))).containsEntry("Enabled", true);
        // dynamic partitioning needs buffers of at least 64 MiB
        assertThat((Integer) map(s3.get("BufferingHints")).get("SizeInMBs")).isGreaterThanOrEqualTo(64);
        assertThat((String) s3.get("ErrorOutputPrefix")).contains("!{firehose:error-output-type}");

        Map<String, Object> table = tableInput(cfn, "EventsTable");
        assertThat(names(table.get("PartitionKeys"))).containsExactlyElementsOf(prefixKeys);
        assertThat(names(map(table.get("StorageDescriptor")).get("Columns")))
                .contains("event_uuid", "event_name", "created_at", "created_datetime", "event_subtype")
                .doesNotContainAnyElementsOf(prefixKeys); // a Hive partition column cannot also be a data column
        assertThat(map(map(table.get("StorageDescriptor")).get("Location")))
                .containsEntry("Fn::Sub", "s3://${EventsLakeBucket}/" + staticPart((String) s3.get("Prefix")));
        assertThat(map(s3.get("BucketARN"))).containsEntry("Fn::GetAtt", List.of("EventsLakeBucket", "Arn"));
    }

    @Test
    void shouldConvertEventsToParquetOnlyWhenAskedWithTheGlueTableAsSchema() {
        CloudFormationTemplate cfn = template();
        Map<String, Object> s3 = destination(cfn, "EventsLakeDeliveryStream");

        List<?> conversion = (List<?>) map(s3.get("DataFormatConversionConfiguration")).get("Fn::If");
        assertThat(conversion.get(0)).isEqualTo("EventsAsParquet");
        assertThat(conversion.get(2)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
        Map<String, Object> parquet = map(conversion.get(1));
        assertThat(parquet).containsEntry("Enabled", true);
        assertThat(map(map(parquet.get("OutputFormatConfiguration")).get("Serializer"))).containsKey("ParquetSerDe");
        Map<String, Object> schema = map(parquet.get("SchemaConfiguration"));
        assertThat(schema).containsEntry("TableName", Map.of("Ref", "EventsTable"))
                .containsEntry("DatabaseName", Map.of("Ref", "GlueDatabase"));
        // Parquet compresses inside the file: Firehose refuses a compression format with conversion on
        assertThat(map(s3.get("CompressionFormat")))
                .containsEntry("Fn::If", List.of("EventsAsParquet", "UNCOMPRESSED", "GZIP"));
        assertThat(cfn.section("Conditions")).containsEntry("EventsAsParquet",
                Map.of("Fn::Equals", List.of(Map.of("Ref", "ConvertEventsToParquet"), "true")));
    }

    @Test
    void shouldArchiveEachRegionStreamOneJsonDocumentPerLineByProcessingDate() {
        CloudFormationTemplate cfn = template();
        Map<String, Object> table = tableInput(cfn, "UserActivityTable");
        assertThat(names(table.get("PartitionKeys"))).containsExactly("region", "dt");
        assertThat(streamsAppSourcesDeclare("processing_timestamp")).isTrue();

        for (String[] archive : List.of(new String[] {"UserActivityUsaArchive", "UserActivityUsaStream", "usa"},
                new String[] {"UserActivityInternationalArchive", "UserActivityInternationalStream", "international"})) {
            Map<String, Object> properties = cfn.properties(archive[0]);
            assertThat(properties).containsEntry("DeliveryStreamType", "KinesisStreamAsSource");
            assertThat(map(map(properties.get("KinesisStreamSourceConfiguration")).get("KinesisStreamARN")))
                    .containsEntry("Fn::GetAtt", List.of(archive[1], "Arn"));
            Map<String, Object> s3 = destination(cfn, archive[0]);
            String prefix = (String) s3.get("Prefix");
            assertThat(prefix).startsWith("user-activity/region=" + archive[2] + "/dt=");
            assertThat(partitionKeys(prefix)).containsExactly("dt");
            assertThat(queryKeys(s3)).containsExactly("dt");
            assertThat(metadataQuery(s3)).contains(".processing_timestamp[0:10]");
            // the Kinesis sink sends each value as it is; Firehose must add the line break
            assertThat(processorTypes(s3)).contains("AppendDelimiterToRecord");
            assertThat(map(map(table.get("StorageDescriptor")).get("Location")))
                    .containsEntry("Fn::Sub", "s3://${UserActivityArchiveBucket}/user-activity/");
        }
    }

    // --- helpers ---

    private static Map<String, Object> destination(CloudFormationTemplate cfn, String deliveryStream) {
        return map(cfn.properties(deliveryStream).get("ExtendedS3DestinationConfiguration"));
    }

    private static Map<String, Object> tableInput(CloudFormationTemplate cfn, String table) {
        return map(cfn.properties(table).get("TableInput"));
    }

    private static List<String> partitionKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        Matcher matcher = PARTITION_KEY.matcher(prefix);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    private static String staticPart(String prefix) {
        return prefix.substring(0, prefix.indexOf('/') + 1);
    }

    private static String metadataQuery(Map<String, Object> s3) {
        for (Object processor : (List<?>) map(s3.get("ProcessingConfiguration")).get("Processors")) {
            if ("MetadataExtraction".equals(map(processor).get("Type"))) {
                for (Object parameter : (List<?>) map(processor).get("Parameters")) {
                    if ("MetadataExtractionQuery".equals(map(parameter).get("ParameterName"))) {
                        return (String) map(parameter).get("ParameterValue");
                    }
                }
            }
        }
        throw new AssertionError("no MetadataExtractionQuery");
    }

    /** The keys of a jq object constructor such as {dt: .a[0:10], event_type: .b}. */
    private static Set<String> queryKeys(Map<String, Object> s3) {
        String query = metadataQuery(s3).strip();
        assertThat(query).startsWith("{").endsWith("}");
        Set<String> keys = new LinkedHashSet<>();
        for (String entry : query.substring(1, query.length() - 1).split(",")) {
            keys.add(entry.substring(0, entry.indexOf(':')).strip());
        }
        return keys;
    }

    private static List<String> processorTypes(Map<String, Object> s3) {
        return ((List<?>) map(s3.get("ProcessingConfiguration")).get("Processors")).stream()
                .map(processor -> (String) map(processor).get("Type")).toList();
    }

    private static List<String> names(Object list) {
        return ((List<?>) list).stream().map(item -> (String) map(item).get("Name")).toList();
    }

    /** Whether the Streams app's sources spell each field name as a string literal (the fields Firehose reads). */
    private static boolean streamsAppSourcesDeclare(String... fields) {
        Path sources = DeployFiles.dir().resolve("../streams-app/src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            String all = String.join("\n", files.filter(path -> path.toString().endsWith(".java"))
                    .map(DeployFiles::read).toList());
            for (String field : fields) {
                if (!all.contains("\"" + field + "\"")) {
                    throw new AssertionError("the Streams app no longer writes a field '" + field + "'");
                }
            }
            return true;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static void walk(Object node, java.util.function.Consumer<Map<?, ?>> visitor) {
        if (node instanceof Map<?, ?> mapNode) {
            visitor.accept(mapNode);
            mapNode.values().forEach(child -> walk(child, visitor));
        } else if (node instanceof List<?> list) {
            list.forEach(child -> walk(child, visitor));
        }
    }
}
