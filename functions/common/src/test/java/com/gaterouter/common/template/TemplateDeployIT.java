package com.gaterouter.common.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gaterouter.common.secrets.SecretsManagerSecretsSource;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.AwsEmulator;
import com.gaterouter.common.testing.RepositoryRoot;
import com.gaterouter.common.testing.WithAwsEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Deploys the repository's template.yaml into the emulator's CloudFormation, packaged as
 * {@code sam deploy} would, and checks the resources the code relies on against what was created.
 */
@WithAwsEmulator
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateDeployIT {

    /**
     * Resource types an emulator's CloudFormation skips while still reporting CREATE_COMPLETE.
     * Checks needing them fall back to the template's declaration on that emulator; when an
     * emulator upgrade closes a gap, {@link #everyTemplateResourceIsCreatedUnlessTheEmulatorCannot}
     * fails so the entry gets removed and the resource covered.
     */
    private static final Map<String, Map<String, String>> KNOWN_GAPS = Map.of(
            AwsEmulator.MOTO, Map.of(
                    "AWS::SecretsManager::Secret", "moto 5.x CloudFormation has no model for AWS::SecretsManager::Secret",
                    "AWS::Serverless::Function", "moto CloudFormation does not run the AWS::Serverless-2016-10-31 transform",
                    "AWS::Serverless::Api", "moto CloudFormation does not run the AWS::Serverless-2016-10-31 transform"),
            AwsEmulator.LOCALSTACK, Map.of());

    private static final String EVENT_BUS = "EventBus";
    private static final String VENDOR_KEYS_SECRET = "VendorKeysSecret";

    /** A local path as CodeUri (what sam deploy uploads); s3:// URIs and intrinsic functions are left alone. */
    private static final Pattern LOCAL_CODE_URI =
            Pattern.compile("(?m)^([ \\t]*CodeUri:[ \\t]*)[\"']?(?!s3://)([^\\s\"'#!{\\[]+)[\"']?[ \\t]*$");
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(3);

    private final AwsEmulator aws;
    private final CloudFormationClient cloudFormation;
    /** Part of every resource name in the template, so runs against the shared emulator never collide. */
    private final String stage = "it" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String stackName = "gaterouter-" + stage;
    private JsonNode templateResources;
    private Map<String, StackResource> deployed;

    TemplateDeployIT(AwsEmulator aws) {
        this.aws = aws;
        // CreateStack is not idempotent: a retried call that had in fact succeeded reports AlreadyExists
        // and hides the first answer, so no SDK retries here
        this.cloudFormation = aws.client(CloudFormationClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(1))));
    }

    @BeforeAll
    void deployTemplate() throws IOException, InterruptedException {
        String template = Files.readString(RepositoryRoot.template(), StandardCharsets.UTF_8);
        templateResources = new ObjectMapper(new YAMLFactory()).readTree(template).path("Resources");

        String packaged = packageCode(template);
        cloudFormation.createStack(request -> request.stackName(stackName)
                .templateBody(packaged)
                .parameters(Parameter.builder().parameterKey("Stage").parameterValue(stage).build())
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND));
        awaitCreateComplete();

        deployed = cloudFormation.describeStackResources(request -> request.stackName(stackName)).stackResources()
                .stream()
                .filter(resource -> resource.logicalResourceId() != null) // moto lists skipped resources without one
                .collect(Collectors.toMap(StackResource::logicalResourceId, Function.identity()));
    }

    @AfterAll
    void closeClient() {
        cloudFormation.close();
    }

    @Test
    void everyGatewayTableHasTheKeySchemaTheCodeUses() {
        try (DynamoDbClient dynamo = aws.client(DynamoDbClient.builder())) {
            SoftAssertions softly = new SoftAssertions();
            for (GatewayTable table : GatewayTable.values()) {
                String tableName = physicalId(table.logicalId());
                TableDescription description = dynamo.describeTable(request -> request.tableName(tableName)).table();

                List<String> expectedKeys = new ArrayList<>(List.of(table.partitionKey() + " HASH"));
                table.sortKey().ifPresent(sortKey -> expectedKeys.add(sortKey + " RANGE"));
                softly.assertThat(description.keySchema())
                        .extracting(key -> key.attributeName() + " " + key.keyTypeAsString())
                        .as("%s key schema", table)
                        .containsExactlyElementsOf(expectedKeys);

                Map<String, String> attributeTypes = description.attributeDefinitions().stream().collect(
                        Collectors.toMap(a -> a.attributeName(), a -> a.attributeTypeAsString()));
                softly.assertThat(attributeTypes).as("%s key attribute types", table)
                        .containsEntry(table.partitionKey(), "S");
                table.sortKey().ifPresent(sortKey ->
                        softly.assertThat(attributeTypes).as("%s key attribute types", table).containsEntry(sortKey, "S"));
            }
            softly.assertAll();
        }
    }

    @Test
    void theEventBusExists() {
        String busName = physicalIdOrTemplateName(EVENT_BUS);
        try (EventBridgeClient eventBridge = aws.client(EventBridgeClient.builder())) {
            assertThat(eventBridge.describeEventBus(request -> request.name(busName)).name()).isEqualTo(busName);
        }
    }

    /**
     * The router reads vendor keys from this secret as a JSON object. Where the emulator can create
     * it (LocalStack), the deployed secret is read through the real adapter; under moto, whose
     * CloudFormation cannot create secrets, the template's declaration is checked instead — the
     * test runs either way, it is never skipped.
     */
    @Test
    void theVendorKeysSecretIsAJsonObjectTheAdapterReads() throws IOException {
        JsonNode declared = templateResources.path(VENDOR_KEYS_SECRET);
        assertThat(declared.path("Type").asText()).isEqualTo("AWS::SecretsManager::Secret");
        String secretString = declared.path("Properties").path("SecretString").asText();
        assertThat(com.gaterouter.common.secrets.SecretFields.parse(VENDOR_KEYS_SECRET, secretString)).isEmpty();
        if (creatable(declared.path("Type").asText())) {
            String secretArn = physicalId(VENDOR_KEYS_SECRET);
            try (SecretsManagerClient secretsManager = aws.client(SecretsManagerClient.builder())) {
                assertThat(new SecretsManagerSecretsSource(secretsManager, Duration.ZERO).secretFields(secretArn))
                        .contains(Map.of());
            }
        }
    }

    @Test
    void everyTemplateResourceIsCreatedUnlessTheEmulatorCannot() {
        Map<String, String> gaps = KNOWN_GAPS.getOrDefault(aws.kind(), Map.of());
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, JsonNode> resource : templateResources.properties()) {
            String logicalId = resource.getKey();
            String type = resource.getValue().path("Type").asText();
            StackResource created = deployed.get(logicalId);
            if (resource.getValue().has("Condition")) {
                // created or not by a condition on the parameters (e.g. the WAF association without a
                // web ACL; the API Gateway account setting, which moto does not model): not evaluated
                // here — SecurityTemplateTest checks each conditional resource's condition; if created,
                // it must be complete
                if (created != null) {
                    softly.assertThat(created.resourceStatusAsString()).as("%s status", logicalId).isEqualTo("CREATE_COMPLETE");
                }
            } else if (gaps.containsKey(type)) {
                softly.assertThat(created)
                        .as("%s now creates %s (%s): remove it from KNOWN_GAPS", aws.kind(), logicalId, type)
                        .isNull();
            } else {
                softly.assertThat(created).as("%s (%s) in stack %s", logicalId, type, stackName).isNotNull();
                if (created != null) {
                    softly.assertThat(created.resourceStatusAsString()).as("%s status", logicalId)
                            .isEqualTo("CREATE_COMPLETE");
                }
            }
        }
        softly.assertAll();
    }

    /**
     * What {@code sam deploy} does before CloudFormation sees the template: upload each local
     * CodeUri to S3 and point the template there. The code itself is a placeholder: this test
     * deploys infrastructure, and the function jars are not built yet when common is tested.
     */
    private String packageCode(String template) throws IOException {
        byte[] placeholder = placeholderZip();
        try (S3Client s3 = aws.client(S3Client.builder().forcePathStyle(true))) {
            String bucket = aws.uniqueName("gaterouter-it-artifacts");
            s3.createBucket(request -> request.bucket(bucket));
            Matcher codeUri = LOCAL_CODE_URI.matcher(template);
            StringBuilder packaged = new StringBuilder();
            while (codeUri.find()) {
                String key = codeUri.group(2);
                s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(placeholder));
                codeUri.appendReplacement(packaged,
                        Matcher.quoteReplacement(codeUri.group(1) + "s3://" + bucket + "/" + key));
            }
            codeUri.appendTail(packaged);
            return packaged.toString();
        }
    }

    private static byte[] placeholderZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("PLACEHOLDER.txt"));
            zip.write("Placeholder code for TemplateDeployIT\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private void awaitCreateComplete() throws InterruptedException {
        Instant deadline = Instant.now().plus(DEPLOY_TIMEOUT);
        while (true) {
            String status = cloudFormation.describeStacks(request -> request.stackName(stackName)).stacks().getFirst()
                    .stackStatusAsString();
            if ("CREATE_COMPLETE".equals(status)) {
                return;
            }
            if (!status.endsWith("_IN_PROGRESS")) {
                fail("Stack %s ended %s; its events, newest first:%n%s", stackName, status, stackEvents());
            }
            if (Instant.now().isAfter(deadline)) {
                fail("Stack %s still %s after %s; its events, newest first:%n%s", stackName, status, DEPLOY_TIMEOUT,
                        stackEvents());
            }
            Thread.sleep(250);
        }
    }

    private String stackEvents() {
        return cloudFormation.describeStackEvents(request -> request.stackName(stackName)).stackEvents().stream()
                .map(event -> "  " + event.logicalResourceId() + " " + event.resourceType() + " "
                        + event.resourceStatusAsString()
                        + (event.resourceStatusReason() == null ? "" : ": " + event.resourceStatusReason()))
                .collect(Collectors.joining("\n"));
    }

    private StackResource createdResource(String logicalId) {
        StackResource resource = deployed.get(logicalId);
        if (resource == null) {
            fail("Stack %s has no resource %s; it has %s", stackName, logicalId, deployed.keySet());
        }
        return resource;
    }

    private String physicalId(String logicalId) {
        String physicalId = createdResource(logicalId).physicalResourceId();
        assertThat(physicalId).as("physical id of %s", logicalId).isNotBlank();
        return physicalId;
    }

    /** moto reports no physical id for an event bus; it did create it under the name the template gives. */
    private String physicalIdOrTemplateName(String logicalId) {
        String physicalId = createdResource(logicalId).physicalResourceId();
        if (physicalId != null) {
            return physicalId;
        }
        String name = templateResources.path(logicalId).path("Properties").path("Name").asText();
        assertThat(name).as("Name of %s in template.yaml", logicalId).isNotBlank();
        return name.replace("${Stage}", stage);
    }

    private boolean creatable(String type) {
        return !KNOWN_GAPS.getOrDefault(aws.kind(), Map.of()).containsKey(type);
    }
}
