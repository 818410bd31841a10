package com.gaterouter.common.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.RepositoryRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment's safeguards (issue 13 item 7), each kept by an assertion that fails when the
 * property is removed from template.yaml: tables that survive a mistaken delete, least-privilege
 * DynamoDB and Bedrock grants, reserved concurrency for the functions router load must not
 * starve, throttling and access logs on both APIs, log retention for every function, the platform
 * routes limited to named IAM principals, and the optional WAF association. The YAML is read
 * as written (short-form tags such as {@code !Ref X} read as their argument), as {@code SnapStartTemplateTest} does.
 */
class SecurityTemplateTest {

    private static JsonNode template;
    private static JsonNode resources;

    @BeforeAll
    static void read() throws IOException {
        template = new ObjectMapper(new YAMLFactory()).readTree(RepositoryRoot.template().toFile());
        resources = template.path("Resources");
    }

    private static List<String> ofType(String type) {
        List<String> names = new ArrayList<>();
        resources.properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }

    /** Every inline IAM statement of a function, and the SAM policy templates it uses, by table. */
    private record Grants(Map<String, Set<String>> actionsByResource, List<String> policyTemplates) {
    }

    private static Grants grants(String function) {
        Map<String, Set<String>> actions = new LinkedHashMap<>();
        List<String> templates = new ArrayList<>();
        for (JsonNode policy : resources.path(function).path("Properties").path("Policies")) {
            policy.properties().forEach(e -> {
                if (e.getKey().equals("Statement")) {
                    for (JsonNode statement : e.getValue()) {
                        assertThat(statement.path("Effect").asText()).as("%s statement %s", function, statement).isEqualTo("Allow");
                        for (String resource : texts(statement.path("Resource"))) {
                            actions.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(texts(statement.path("Action")));
                        }
                    }
                } else {
                    templates.add(e.getKey() + " " + e.getValue());
                }
            });
        }
        return new Grants(actions, templates);
    }

    @Test
    void everyTableIsRetainedProtectedAgainstDeletionAndRecoverableToAPointInTime() {
        SoftAssertions softly = new SoftAssertions();
        List<String> tables = ofType("AWS::DynamoDB::Table");
        assertThat(tables).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(GatewayTable.values()).map(GatewayTable::logicalId).toList());
        for (String table : tables) {
            JsonNode resource = resources.path(table);
            softly.assertThat(resource.path("DeletionPolicy").asText()).as("%s DeletionPolicy", table).isEqualTo("Retain");
            softly.assertThat(resource.path("UpdateReplacePolicy").asText()).as("%s UpdateReplacePolicy", table).isEqualTo("Retain");
            JsonNode properties = resource.path("Properties");
            softly.assertThat(properties.path("DeletionProtectionEnabled").asBoolean(false)).as("%s DeletionProtectionEnabled", table)
                    .isTrue();
            softly.assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean(false))
                    .as("%s point-in-time recovery", table).isTrue();
            softly.assertThat(properties.path("SSESpecification").path("SSEEnabled").asBoolean(false)).as("%s SSE", table).isTrue();
        }
        softly.assertAll();
    }

    @Test
    void theRoutersMayOnlyGetItemsFromTheApiKeysTable() {
        SoftAssertions softly = new SoftAssertions();
        for (String router : List.of("RouterFunction", "RouterStreamingFunction")) {
            Grants grants = grants(router);
            softly.assertThat(grants.actionsByResource()).as("%s grants on ApiKeysTable", router)
                    .containsEntry("ApiKeysTable.Arn", Set.of("dynamodb:GetItem"));
            softly.assertThat(grants.policyTemplates()).as("%s: no policy template covers ApiKeysTable (they include Query and Scan)", router)
                    .noneMatch(t -> t.contains("ApiKeysTable"));
        }
        softly.assertAll();
    }

    @Test
    void theAdminFunctionHasExactlyTheCallsItsCodeMakes() {
        Grants grants = grants("AdminFunction");
        assertThat(grants.policyTemplates()).as("no DynamoDB policy template (Crud includes DeleteItem and BatchWriteItem everywhere)")
                .noneMatch(t -> t.startsWith("DynamoDB"));
        assertThat(grants.actionsByResource()).containsAllEntriesOf(Map.of(
                "AccountsTable.Arn", Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                        "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"),
                "ApiKeysTable.Arn", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"),
                "UsageTable.Arn", Set.of("dynamodb:Query"),
                "RollupsTable.Arn", Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                        "dynamodb:BatchWriteItem"),
                "SpendTable.Arn", Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem")));
    }

    @Test
    void noFunctionMayScanATableOrUseDynamoDbWildcards() {
        SoftAssertions softly = new SoftAssertions();
        for (String function : ofType("AWS::Serverless::Function")) {
            grants(function).actionsByResource().forEach((resource, actions) -> {
                softly.assertThat(actions).as("%s on %s", function, resource).doesNotContain("dynamodb:Scan", "dynamodb:*");
                softly.assertThat(actions).as("%s on %s", function, resource).noneMatch(a -> a.endsWith("*"));
            });
        }
        softly.assertAll();
    }

    @Test
    void adminRollupNotifierAndReplayHaveReservedConcurrencyTheRouterCannotTake() {
        SoftAssertions softly = new SoftAssertions();
        int reserved = 0;
        for (String function : List.of("AdminFunction", "SpendRollupFunction", "AlertNotifierFunction", "UsageReplayFunction",
                "CounterFunction")) {
            JsonNode setting = resources.path(function).path("Properties").path("ReservedConcurrentExecutions");
            // !If [ReserveX, !Ref XReservedConcurrency, !Ref AWS::NoValue]: 0 switches the reservation off
            softly.assertThat(setting.isArray() && setting.size() == 3).as("%s ReservedConcurrentExecutions: %s", function, setting).isTrue();
            if (!setting.isArray() || setting.size() != 3) {
                continue;
            }
            String parameter = setting.get(1).asText();
            JsonNode condition = template.path("Conditions").path(setting.get(0).asText());
            softly.assertThat(condition.toString()).as("%s condition", function).contains(parameter).contains("0");
            int defaultValue = template.path("Parameters").path(parameter).path("Default").asInt(0);
            softly.assertThat(defaultValue).as("%s default reservation", parameter).isPositive();
            softly.assertThat(setting.get(2).asText()).isEqualTo("AWS::NoValue");
            reserved += defaultValue;
        }
        JsonNode replayScaling = resources.path("UsageReplayFunction").path("Properties").path("Events").path("Spooled")
                .path("Properties").path("ScalingConfig").path("MaximumConcurrency");
        softly.assertThat(template.path("Parameters").path("UsageReplayReservedConcurrency").path("Default").asInt())
                .as("the replay's reservation covers its event source's maximum concurrency")
                .isGreaterThanOrEqualTo(replayScaling.asInt(Integer.MAX_VALUE));
        // Lambda keeps 100 unreserved; the defaults leave a 1,000-execution account 878 for the routers
        softly.assertThat(reserved).as("sum of the default reservations").isBetween(4, 100);
        softly.assertThat(resources.path("RouterFunction").path("Properties").has("ReservedConcurrentExecutions"))
                .as("the router scales into what is left").isFalse();
        softly.assertAll();
    }

    @Test
    void bothApisAreThrottledAndWriteJsonAccessLogsWithoutSecretsToAGroupWithRetention() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        List<String> apis = ofType("AWS::Serverless::Api");
        assertThat(apis).contains("GatewayApi", "StreamingApi");
        Pattern contextVariable = Pattern.compile("\\$context\\.[A-Za-z.]+");
        for (String api : apis) {
            JsonNode properties = resources.path(api).path("Properties");
            JsonNode throttling = properties.path("MethodSettings").path(0);
            softly.assertThat(throttling.path("ResourcePath").asText()).as("%s throttling covers every path", api).isEqualTo("/*");
            softly.assertThat(throttling.path("HttpMethod").asText()).as("%s throttling covers every method", api).isEqualTo("*");
            softly.assertThat(throttling.path("ThrottlingRateLimit").asInt()).as("%s rate limit", api).isPositive();
            softly.assertThat(throttling.path("ThrottlingBurstLimit").asInt()).as("%s burst limit", api).isPositive();

            // the stage waits for the account's logging role when the stack creates it
            softly.assertThat(properties.path("Variables").toString()).as("%s stage variables", api).contains("ApiGatewayAccount");
            JsonNode accessLog = properties.path("AccessLogSetting");
            String destination = accessLog.path("DestinationArn").asText();
            softly.assertThat(destination).as("%s access log destination", api).endsWith(".Arn");
            JsonNode group = resources.path(destination.replace(".Arn", ""));
            softly.assertThat(group.path("Type").asText()).as("%s access log group", api).isEqualTo("AWS::Logs::LogGroup");
            softly.assertThat(group.path("Properties").path("RetentionInDays").asInt()).as("%s access log retention", api).isPositive();

            JsonNode format = new ObjectMapper().readTree(accessLog.path("Format").asText("{}"));
            softly.assertThat(format.path("requestId").asText()).as("%s access log format is JSON with the request id", api)
                    .isEqualTo("$context.requestId");
            format.properties().forEach(field -> {
                String value = field.getValue().asText();
                Matcher m = contextVariable.matcher(value);
                softly.assertThat(m.matches()).as("%s log field %s is one $context variable: %s", api, field.getKey(), value).isTrue();
                String lower = value.toLowerCase(java.util.Locale.ROOT);
                softly.assertThat(lower).as("%s log field %s", api, field.getKey())
                        .doesNotContain("header", "authorization", "apikey", "querystring", "body", "authorizer", "requestoverride");
            });
        }
        softly.assertAll();
    }

    @Test
    void everyFunctionLogsToAGroupWithRetention() {
        Map<String, Integer> retentionByFunction = new HashMap<>();
        Pattern lambdaGroup = Pattern.compile("/aws/lambda/\\$\\{(\\w+)}");
        for (String group : ofType("AWS::Logs::LogGroup")) {
            JsonNode properties = resources.path(group).path("Properties");
            Matcher m = lambdaGroup.matcher(properties.path("LogGroupName").asText());
            if (m.matches()) {
                retentionByFunction.put(m.group(1), properties.path("RetentionInDays").asInt(0));
            }
        }
        SoftAssertions softly = new SoftAssertions();
        for (String function : ofType("AWS::Serverless::Function")) {
            softly.assertThat(retentionByFunction.get(function)).as("%s log group retention (days)", function).isNotNull().isPositive();
        }
        softly.assertAll();
    }

    @Test
    void onlyTheNamedPlatformAdminsMayCallTheIamAuthorisedPlatformRoutes() {
        JsonNode parameter = template.path("Parameters").path("PlatformAdminPrincipals");
        assertThat(parameter.path("Type").asText()).isEqualTo("String");
        assertThat(parameter.path("Default").asText()).as("nobody unless named").isEmpty();

        Set<String> iamRoutes = new TreeSet<>();
        for (String function : ofType("AWS::Serverless::Function")) {
            resources.path(function).path("Properties").path("Events").forEach(event -> {
                JsonNode properties = event.path("Properties");
                if ("Api".equals(event.path("Type").asText()) && "AWS_IAM".equals(properties.path("Auth").path("Authorizer").asText())) {
                    assertThat(properties.path("RestApiId").asText()).isEqualTo("GatewayApi");
                    iamRoutes.add("execute-api:/*/" + properties.path("Method").asText().toUpperCase(java.util.Locale.ROOT)
                            + properties.path("Path").asText());
                }
            });
        }
        assertThat(iamRoutes).as("the platform routes").containsExactlyInAnyOrder(
                "execute-api:/*/GET/admin/v1/tenants", "execute-api:/*/POST/admin/v1/tenants");

        JsonNode statements = resources.path("GatewayApi").path("Properties").path("Auth").path("ResourcePolicy").path("CustomStatements");
        JsonNode deny = null;
        for (JsonNode statement : statements) {
            if ("Deny".equals(statement.path("Effect").asText())) {
                deny = statement;
            }
        }
        assertThat(deny).as("a Deny statement in GatewayApi's resource policy").isNotNull();
        assertThat(deny.path("Action").asText()).isEqualTo("execute-api:Invoke");
        assertThat(deny.path("Principal").asText()).isEqualTo("*");
        assertThat(texts(deny.path("Resource"))).as("the Deny covers every IAM-authorised route").containsAll(iamRoutes);
        // !Split [",", !Ref PlatformAdminPrincipals]
        assertThat(deny.path("Condition").path("StringNotEquals").path("aws:PrincipalArn").toString())
                .as("denied unless the caller is one of the named principals").isEqualTo("[\",\",\"PlatformAdminPrincipals\"]");
    }

    @Test
    void aWebAclIsAssociatedWithBothApisWhenOneIsGiven() {
        JsonNode parameter = template.path("Parameters").path("WebAclArn");
        assertThat(parameter.path("Default").asText()).isEmpty();
        assertThat(template.path("Conditions").path("HasWebAcl").toString()).contains("WebAclArn");
        Set<String> associated = new TreeSet<>();
        for (String association : ofType("AWS::WAFv2::WebACLAssociation")) {
            JsonNode resource = resources.path(association);
            assertThat(resource.path("Condition").asText()).as("%s only with a web ACL", association).isEqualTo("HasWebAcl");
            assertThat(resource.path("Properties").path("WebACLArn").asText()).isEqualTo("WebAclArn");
            Matcher m = Pattern.compile("/restapis/\\$\\{(\\w+)}/stages/\\$\\{(\\w+)\\.Stage}")
                    .matcher(resource.path("Properties").path("ResourceArn").asText());
            assertThat(m.find()).as("%s names an API stage", association).isTrue();
            assertThat(m.group(2)).isEqualTo(m.group(1));
            associated.add(m.group(1));
        }
        assertThat(associated).containsExactlyInAnyOrder("GatewayApi", "StreamingApi");
    }

    @Test
    void bedrockMayInvokeTheCatalogsBedrockModelsAndNoOthers() throws IOException {
        JsonNode catalog = new ObjectMapper().readTree(RepositoryRoot.locate().resolve("infra/catalog/models.json").toFile());
        Set<String> bedrockVendors = new TreeSet<>();
        catalog.path("vendors").properties().forEach(v -> {
            if ("bedrock-converse".equals(v.getValue().path("api").asText())) {
                bedrockVendors.add(v.getKey());
            }
        });
        Set<String> expected = new TreeSet<>();
        Pattern geoProfile = Pattern.compile("(?:us|eu|apac|us-gov|global)\\.(.+)");
        for (JsonNode model : catalog.path("models")) {
            if (bedrockVendors.contains(model.path("vendor").asText())) {
                String upstream = model.path("upstream").asText();
                Matcher profile = geoProfile.matcher(upstream);
                if (profile.matches()) {
                    expected.add("arn:${AWS::Partition}:bedrock:*:${AWS::AccountId}:inference-profile/" + upstream);
                    expected.add("arn:${AWS::Partition}:bedrock:*::foundation-model/" + profile.group(1));
                } else {
                    expected.add("arn:${AWS::Partition}:bedrock:*::foundation-model/" + upstream);
                }
            }
        }
        assertThat(expected).as("the catalog has Bedrock models").isNotEmpty();

        SoftAssertions softly = new SoftAssertions();
        for (String function : ofType("AWS::Serverless::Function")) {
            Set<String> bedrockResources = new TreeSet<>();
            grants(function).actionsByResource().forEach((resource, actions) -> {
                if (actions.stream().anyMatch(a -> a.startsWith("bedrock:"))) {
                    bedrockResources.add(resource);
                }
            });
            if (function.startsWith("Router")) {
                softly.assertThat(bedrockResources).as("%s Bedrock resources", function).isEqualTo(expected);
            } else {
                softly.assertThat(bedrockResources).as("%s has no Bedrock access", function).isEmpty();
            }
        }
        softly.assertAll();
    }

    @Test
    void theCounterFunctionMovesSpendCountersReadsTenantZonesAndTheUsageStreamOnly() {
        Grants grants = grants("CounterFunction");
        assertThat(grants.policyTemplates()).as("no policy template").isEmpty();
        assertThat(grants.actionsByResource()).containsOnlyKeys("SpendTable.Arn", "AccountsTable.Arn", "UsageTable.StreamArn",
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${UsageTable}/stream/*",
                "CounterDeadLetterQueue.Arn");
        assertThat(grants.actionsByResource().get("SpendTable.Arn")).containsExactly("dynamodb:UpdateItem");
        assertThat(grants.actionsByResource().get("AccountsTable.Arn")).containsExactly("dynamodb:GetItem");
        assertThat(grants.actionsByResource().get("UsageTable.StreamArn"))
                .containsExactlyInAnyOrder("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator");
        assertThat(grants.actionsByResource().get("CounterDeadLetterQueue.Arn")).containsExactly("sqs:SendMessage");
    }

    /**
     * The usage stream's event source: every INSERT from the oldest record, large batches, partial batch responses,
     * bisect and bounded retries, then the dead-letter queue; a tumbling window so each batch names its shard.
     */
    @Test
    void theCounterFunctionReadsTheUsageTablesNewImagesExactlyAsItsExactlyOnceDesignNeeds() {
        assertThat(resources.path("UsageTable").path("Properties").path("StreamSpecification").path("StreamViewType").asText())
                .isEqualTo("NEW_IMAGE");
        JsonNode events = resources.path("CounterFunction").path("Properties").path("Events");
        assertThat(events.size()).isEqualTo(1);
        JsonNode source = events.path("UsageStream");
        JsonNode p = source.path("Properties");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(source.path("Type").asText()).isEqualTo("DynamoDB");
        softly.assertThat(p.path("Stream").asText()).isEqualTo("UsageTable.StreamArn");
        softly.assertThat(p.path("StartingPosition").asText()).isEqualTo("TRIM_HORIZON");
        softly.assertThat(p.path("BatchSize").asInt()).isEqualTo(1000);
        softly.assertThat(p.path("MaximumBatchingWindowInSeconds").asInt()).isEqualTo(1);
        softly.assertThat(p.path("TumblingWindowInSeconds").asInt()).isBetween(1, 900);
        softly.assertThat(texts(p.path("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
        softly.assertThat(p.path("BisectBatchOnFunctionError").asBoolean()).isTrue();
        softly.assertThat(p.path("MaximumRetryAttempts").asInt()).isEqualTo(10);
        softly.assertThat(p.path("FilterCriteria").path("Filters").size()).isEqualTo(1);
        softly.assertThat(p.path("FilterCriteria").path("Filters").get(0).path("Pattern").asText().replace(" ", ""))
                .isEqualTo("{\"eventName\":[\"INSERT\"]}");
        softly.assertThat(p.path("DestinationConfig").path("OnFailure").path("Type").asText()).isEqualTo("SQS");
        softly.assertThat(p.path("DestinationConfig").path("OnFailure").path("Destination").asText())
                .isEqualTo("CounterDeadLetterQueue.Arn");
        softly.assertThat(resources.path("CounterDeadLetterQueue").path("Properties").path("SqsManagedSseEnabled").asBoolean()).isTrue();
        softly.assertThat(resources.path("CounterFunction").path("Properties").path("Handler").asText())
                .isEqualTo("com.gaterouter.rollup.counters.CounterFunction::handleRequest");
        softly.assertAll();
    }
}
