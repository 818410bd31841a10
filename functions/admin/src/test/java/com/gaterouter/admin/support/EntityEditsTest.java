package com.gaterouter.admin.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.departments.DepartmentJson;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityKind;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract every organisation entity's edits rely on, shown on departments: one version up,
 * audited as {@code <kind>.<action>} with the API's JSON before and after, nothing written when
 * nothing changes, 404 naming {@code <kind>Id}, archiving once.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class EntityEditsTest {

    private AdminHarness h;
    private String tenantId;
    private String departmentId;
    private AdminCall call;
    private EntityEdits<Department> edits;

    @BeforeEach
    void setUp(LocalTables tables) {
        h = new AdminHarness(tables);
        Fixtures f = new Fixtures(h);
        tenantId = f.tenant("edits").tenantId();
        departmentId = f.department(tenantId, "Research");
        h.clock.advance(Duration.ofMinutes(5));
        ApiRequest request = new ApiRequest("PATCH", "/admin/v1/tenants/" + tenantId, Map.of(), Map.of(), new byte[0],
                "req-edits", h.clock.instant());
        call = new AdminCall(request, new Caller.PlatformAdmin(AdminHarness.PLATFORM_ARN), null, Map.of(), h.clock.instant(), null);
        edits = departments((d, status, now) -> new Department(d.tenantId(), d.departmentId(), d.name(), status,
                d.createdAt(), now, d.version() + 1));
    }

    private EntityEdits<Department> departments(EntityEdits.Restated<Department> restated) {
        return new EntityEdits<>(h.accounts, EntityKind.DEPARTMENT, h.accounts::findDepartment, DepartmentJson::render,
                Department::status, restated);
    }

    private static Department renamed(Department d, String name, AdminCall call) {
        return new Department(d.tenantId(), d.departmentId(), name, d.status(), d.createdAt(), call.now(), d.version() + 1);
    }

    private JsonNode latestAudit() {
        return h.platform("GET", Fixtures.base(tenantId) + "/audit?limit=1", null).json().path("data").path(0);
    }

    @Test
    void anEditIsStoredOneVersionUpAndAuditedAsKindDotActionWithBeforeAndAfter() {
        Versioned.Result<Department> result = edits.edit(call, tenantId, departmentId, d -> { }, "update",
                d -> Optional.of(renamed(d, "Research & Development", call)));

        assertThat(result.changed()).isTrue();
        assertThat(result.entity().version()).isEqualTo(2);
        assertThat(h.accounts.findDepartment(tenantId, departmentId).orElseThrow().name()).isEqualTo("Research & Development");
        JsonNode audit = latestAudit();
        assertThat(audit.path("action").asText()).isEqualTo("department.update");
        assertThat(audit.path("requestId").asText()).isEqualTo("req-edits");
        assertThat(audit.path("before").path("name").asText()).isEqualTo("Research");
        assertThat(audit.path("after").path("name").asText()).isEqualTo("Research & Development");
        assertThat(audit.path("after").path("version").asLong()).isEqualTo(2);
    }

    @Test
    void anEditThatChangesNothingWritesNothing() {
        String before = latestAudit().path("auditId").asText();

        Versioned.Result<Department> result = edits.edit(call, tenantId, departmentId, d -> { }, "update", d -> Optional.empty());

        assertThat(result.changed()).isFalse();
        assertThat(result.entity().version()).isEqualTo(1);
        assertThat(latestAudit().path("auditId").asText()).isEqualTo(before);
    }

    @Test
    void aMissingEntityIs404NamingItsIdParameter() {
        assertThatThrownBy(() -> edits.archive(call, tenantId, "d_missing", d -> { }))
                .isInstanceOfSatisfying(AdminException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(404);
                    assertThat(e.error().param()).isEqualTo("departmentId");
                    assertThat(e.error().message()).isEqualTo("No department 'd_missing'.");
                });
    }

    @Test
    void theGuardRunsBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> edits.archive(call, tenantId, departmentId, d -> {
            throw AdminException.forbidden("no");
        })).isInstanceOf(AdminException.class);

        assertThat(h.accounts.findDepartment(tenantId, departmentId).orElseThrow().status()).isEqualTo(EntityStatus.ACTIVE);
    }

    @Test
    void archivingIsOneAuditedChangeAndThenNoChange() {
        Department archived = edits.archive(call, tenantId, departmentId, d -> { });
        Department again = edits.archive(call, tenantId, departmentId, d -> { });

        assertThat(archived.status()).isEqualTo(EntityStatus.ARCHIVED);
        assertThat(archived.updatedAt()).isEqualTo(call.now());
        assertThat(again).isEqualTo(archived);
        assertThat(latestAudit().path("action").asText()).isEqualTo("department.archive");
        assertThat(h.platform("GET", Fixtures.base(tenantId) + "/audit?limit=100", null).json().path("data").findValuesAsText("action"))
                .filteredOn("department.archive"::equals).hasSize(1);
    }

    @Test
    void aRestatementThatDoesNotRaiseTheVersionIsRefused() {
        EntityEdits<Department> broken = departments((d, status, now) -> new Department(d.tenantId(), d.departmentId(), d.name(),
                status, d.createdAt(), now, d.version()));

        assertThatThrownBy(() -> broken.archive(call, tenantId, departmentId, d -> { })).isInstanceOf(IllegalStateException.class);
        assertThat(h.accounts.findDepartment(tenantId, departmentId).orElseThrow().status()).isEqualTo(EntityStatus.ACTIVE);
    }
}
