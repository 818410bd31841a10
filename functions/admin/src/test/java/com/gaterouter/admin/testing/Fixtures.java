package com.gaterouter.admin.testing;

import com.gaterouter.admin.testing.AdminHarness.Reply;
import java.util.UUID;

/** Builds tenants, departments, projects, users and keys through the API as a platform admin. */
public final class Fixtures {

    private final AdminHarness h;

    public Fixtures(AdminHarness harness) {
        this.h = harness;
    }

    public record Key(String keyId, String secret) {
    }

    /** A tenant and its first tenant admin (with an admin key). */
    public record TenantWithAdmin(String tenantId, String adminUserId, Key adminKey) {
    }

    public TenantWithAdmin tenant(String hint) {
        String id = AdminHarness.tenantId(hint);
        Reply reply = created(h.platform("POST", "/admin/v1/tenants", """
                {"name":"%s","tenantId":"%s","admin":{"email":"admin@%s.example","name":"Admin"}}""".formatted(hint, id, id)));
        return new TenantWithAdmin(id, reply.json().path("adminUser").path("userId").asText(),
                new Key(reply.json().path("adminKey").path("keyId").asText(), reply.json().path("adminKey").path("secret").asText()));
    }

    public String department(String tenantId, String name) {
        return created(h.platform("POST", base(tenantId) + "/departments", "{\"name\":\"" + name + "\"}")).id("departmentId");
    }

    public String project(String tenantId, String departmentId, String name) {
        return created(h.platform("POST", base(tenantId) + "/projects",
                "{\"name\":\"" + name + "\",\"departmentId\":\"" + departmentId + "\"}")).id("projectId");
    }

    /** A user; {@code departmentId} may be null for tenant-wide roles. */
    public String user(String tenantId, String departmentId, String role) {
        String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String department = departmentId == null ? "" : ",\"departmentId\":\"" + departmentId + "\"";
        return created(h.platform("POST", base(tenantId) + "/users",
                "{\"email\":\"" + email + "\",\"name\":\"" + role + " user\",\"role\":\"" + role + "\"" + department + "}")).id("userId");
    }

    public Key adminKey(String tenantId, String userId) {
        Reply reply = created(h.platform("POST", base(tenantId) + "/keys",
                "{\"userId\":\"" + userId + "\",\"name\":\"admin key\",\"type\":\"admin\"}"));
        return new Key(reply.id("keyId"), reply.id("secret"));
    }

    public Key appKey(String tenantId, String userId, String projectId) {
        Reply reply = created(h.platform("POST", base(tenantId) + "/keys",
                "{\"userId\":\"" + userId + "\",\"projectId\":\"" + projectId + "\",\"name\":\"app key\"}"));
        return new Key(reply.id("keyId"), reply.id("secret"));
    }

    public void budget(String tenantId, String scope, String scopeId) {
        Reply reply = h.platform("PUT", base(tenantId) + "/budgets/" + scope + "/" + scopeId, "{\"monthlyUsd\":\"100\"}");
        if (reply.status() != 200 && reply.status() != 201) {
            throw new AssertionError("budget " + scope + "/" + scopeId + ": " + reply);
        }
    }

    public void policy(String tenantId, String scope, String scopeId) {
        Reply reply = h.platform("PUT", base(tenantId) + "/policies/" + scope + "/" + scopeId, "{\"deniedModels\":[\"openai/gpt-4\"]}");
        if (reply.status() != 200 && reply.status() != 201) {
            throw new AssertionError("policy " + scope + "/" + scopeId + ": " + reply);
        }
    }

    public void routing(String tenantId, String scope, String scopeId) {
        Reply reply = h.platform("PUT", base(tenantId) + "/routing/" + scope + "/" + scopeId,
                "{\"prefer\":\"quality\",\"tiers\":{\"heavy\":[\"openai/gpt-4o\"]}}");
        if (reply.status() != 200 && reply.status() != 201) {
            throw new AssertionError("routing policy " + scope + "/" + scopeId + ": " + reply);
        }
    }

    public static String base(String tenantId) {
        return "/admin/v1/tenants/" + tenantId;
    }

    private static Reply created(Reply reply) {
        if (reply.status() != 201) {
            throw new AssertionError("expected 201, got " + reply);
        }
        return reply;
    }
}
