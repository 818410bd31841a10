package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Lambda handler: an IAM-authenticated caller (requestContext.identity.userArn) is a platform admin. */
@ExtendWith(DynamoDbLocalExtension.class)
class AdminFunctionTest {

    private static APIGatewayProxyRequestEvent event(String method, String path, String body, String userArn, Map<String, String> headers) {
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity().withUserArn(userArn);
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method).withPath(path).withHeaders(headers).withBody(body)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("apigw-" + UUID.randomUUID()).withIdentity(identity));
    }

    @Test
    void anIamCallerIsAPlatformAdminAndIsNamedInTheAudit(LocalTables tables) throws Exception {
        AdminHarness h = new AdminHarness(tables);
        AdminFunction function = new AdminFunction(h.app);
        String tenant = AdminHarness.tenantId("lambda");
        String arn = "arn:aws:iam::123456789012:role/platform-ops";

        APIGatewayProxyResponseEvent created = function.handleRequest(event("POST", "/admin/v1/tenants",
                "{\"name\":\"Lambda\",\"tenantId\":\"" + tenant + "\",\"admin\":{\"email\":\"a@l.example\",\"name\":\"A\"}}",
                arn, Map.of("Content-Type", "application/json")), new TestContext());
        assertThat(created.getStatusCode()).isEqualTo(201);
        String secret = Json.MAPPER.readTree(created.getBody()).path("adminKey").path("secret").asText();

        APIGatewayProxyResponseEvent audit = function.handleRequest(event("GET", "/admin/v1/tenants/" + tenant + "/audit", null, null,
                Map.of("Authorization", "Bearer " + secret)), new TestContext());
        assertThat(audit.getStatusCode()).isEqualTo(200);
        var entries = Json.MAPPER.readTree(audit.getBody()).path("data");
        assertThat(entries.get(entries.size() - 1).path("action").asText()).isEqualTo("tenant.create");
        assertThat(entries.get(entries.size() - 1).path("actor").path("id").asText()).isEqualTo(arn);

        APIGatewayProxyResponseEvent anonymous = function.handleRequest(event("GET", "/admin/v1/tenants", null, null, Map.of()),
                new TestContext());
        assertThat(anonymous.getStatusCode()).isEqualTo(401);
        APIGatewayProxyResponseEvent tenantAdmin = function.handleRequest(event("GET", "/admin/v1/tenants", null, null,
                Map.of("Authorization", "Bearer " + secret)), new TestContext());
        assertThat(tenantAdmin.getStatusCode()).isEqualTo(403);
    }

    @Test
    void theConsolesPagesAreServedBesideTheApiWithTheirSecurityHeaders(LocalTables tables) {
        AdminFunction function = new AdminFunction(new AdminHarness(tables).app);
        APIGatewayProxyResponseEvent index = function.handleRequest(event("GET", "/console/", null, null, Map.of()), new TestContext());
        assertThat(index.getStatusCode()).isEqualTo(200);
        assertThat(index.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8").containsKey("content-security-policy");
        assertThat(index.getBody()).contains("js/app.js");
        APIGatewayProxyResponseEvent script = function.handleRequest(event("GET", "/console/js/api.js", null, null,
                Map.of("Accept-Encoding", "gzip")), new TestContext());
        assertThat(script.getStatusCode()).isEqualTo(200);
        assertThat(script.getHeaders()).as("API Gateway carries text: no gzip from the function").doesNotContainKey("content-encoding");
        assertThat(script.getBody()).contains("../admin/v1/");
        // the console's paths never reach the admin API, and the API's never the console
        assertThat(function.handleRequest(event("GET", "/console/nope.html", null, null, Map.of()), new TestContext()).getStatusCode())
                .isEqualTo(404);
        assertThat(function.handleRequest(event("GET", "/admin/v1/me", null, null, Map.of()), new TestContext()).getStatusCode())
                .isEqualTo(401);
    }

    /** A Lambda context for handler tests. */
    static final class TestContext implements Context {
        @Override public String getAwsRequestId() { return "lambda-request-1"; }
        @Override public String getLogGroupName() { return "/aws/lambda/gaterouter-test-admin"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "gaterouter-test-admin"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:gaterouter-test-admin"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 29_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.print(new String(message)); }
            };
        }
    }
}
