package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import org.junit.jupiter.api.Test;

/** Cost-centre codes on departments and projects: set on create, changed and removed by PATCH, validated, audited. */
class CostCenterTest extends WithOneTenant {

    CostCenterTest() {
        super("costcenter");
    }

    @Test
    void aDepartmentsCostCenterIsSetOnCreateChangedRemovedAndStored() {
        Reply created = admin("POST", base + "/departments", "{\"name\":\"Research\",\"costCenter\":\"  CC-4711 \"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("costCenter").asText()).isEqualTo("CC-4711");
        String id = created.json().path("departmentId").asText();

        Reply changed = admin("PATCH", base + "/departments/" + id, "{\"costCenter\":\"FIN/ops 2.1_a\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("costCenter").asText()).isEqualTo("FIN/ops 2.1_a");
        assertThat(changed.json().path("name").asText()).isEqualTo("Research");
        assertThat(changed.json().path("version").asLong()).isEqualTo(2);
        assertThat(admin("GET", base + "/departments/" + id, null).json().path("costCenter").asText()).isEqualTo("FIN/ops 2.1_a");

        Reply same = admin("PATCH", base + "/departments/" + id, "{\"costCenter\":\"FIN/ops 2.1_a\"}");
        assertThat(same.json().path("version").asLong()).as("repeating the code changes nothing").isEqualTo(2);

        Reply renamedOnly = admin("PATCH", base + "/departments/" + id, "{\"name\":\"R&D\"}");
        assertThat(renamedOnly.json().path("costCenter").asText()).as("a rename keeps the cost centre").isEqualTo("FIN/ops 2.1_a");

        Reply removed = admin("PATCH", base + "/departments/" + id, "{\"costCenter\":null}");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().path("costCenter").isNull()).isTrue();
        assertThat(admin("GET", base + "/departments/" + id, null).json().path("costCenter").isNull()).isTrue();
    }

    @Test
    void aProjectsCostCenterIsSetOnCreateAndPatchAndSurvivesArchiving() {
        String department = f.department(tenant.tenantId(), "Sales");
        Reply created = admin("POST", base + "/projects",
                "{\"name\":\"CRM\",\"departmentId\":\"" + department + "\",\"costCenter\":\"CC-9\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("projectId").asText();
        assertThat(created.json().path("costCenter").asText()).isEqualTo("CC-9");

        Reply changed = admin("PATCH", base + "/projects/" + id, "{\"name\":\"CRM 2\",\"costCenter\":\"CC-10\"}");
        assertThat(changed.json().path("name").asText()).isEqualTo("CRM 2");
        assertThat(changed.json().path("costCenter").asText()).isEqualTo("CC-10");

        Reply archived = admin("DELETE", base + "/projects/" + id, null);
        assertThat(archived.json().path("status").asText()).isEqualTo("archived");
        assertThat(archived.json().path("costCenter").asText()).isEqualTo("CC-10");

        Reply plain = admin("POST", base + "/projects", "{\"name\":\"Plain\",\"departmentId\":\"" + department + "\"}");
        assertThat(plain.json().path("costCenter").isNull()).as("no code: the department's applies").isTrue();
    }

    @Test
    void malformedCodesAre400sNamingTheField() {
        String department = f.department(tenant.tenantId(), "Ops");
        for (String body : new String[] {"\"\"", "\"   \"", "\"a".repeat(1) + "b".repeat(64) + "\"", "\"CC;4711\"", "\"CC\\n1\"",
                "\"Unassigned\"", "42"}) {
            Reply create = admin("POST", base + "/departments", "{\"name\":\"X\",\"costCenter\":" + body + "}");
            assertThat(create.status()).as(body).isEqualTo(400);
            assertThat(create.json().path("error").path("param").asText()).as(body).isEqualTo("costCenter");
            Reply patch = admin("PATCH", base + "/departments/" + department, "{\"costCenter\":" + body + "}");
            assertThat(patch.status()).as(body).isEqualTo(400);
            assertThat(patch.json().path("error").path("param").asText()).as(body).isEqualTo("costCenter");
        }
        assertThat(admin("POST", base + "/departments", "{\"name\":\"X\",\"costCenter\":\"" + "C".repeat(64) + "\"}").status())
                .as("64 characters are allowed").isEqualTo(201);
    }

    @Test
    void changesAreAuditedWithTheCodeBeforeAndAfter() {
        String department = f.department(tenant.tenantId(), "Legal");
        admin("PATCH", base + "/departments/" + department, "{\"costCenter\":\"CC-1\"}");
        JsonNode entry = admin("GET", base + "/audit?limit=1", null).json().path("data").get(0);
        assertThat(entry.path("action").asText()).isEqualTo("department.update");
        assertThat(entry.toString()).contains("\"costCenter\":null").contains("\"costCenter\":\"CC-1\"");
    }

    @Test
    void financeAndMembersMayNotSetCostCenters() {
        String department = f.department(tenant.tenantId(), "Finance");
        String financeUser = f.user(tenant.tenantId(), null, "finance");
        Reply patch = h.as(f.adminKey(tenant.tenantId(), financeUser).secret(), "PATCH", base + "/departments/" + department,
                "{\"costCenter\":\"CC-1\"}");
        assertThat(patch.status()).isEqualTo(403);
    }
}
