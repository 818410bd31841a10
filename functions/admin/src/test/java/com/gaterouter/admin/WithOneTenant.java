package com.gaterouter.admin;

import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The set-up most admin API tests share: the admin app on fresh DynamoDB Local tables, the
 * fixtures, and one tenant with its first tenant admin. A subclass's own {@code @BeforeEach} runs
 * after this one, so it can build on {@link #tenant}.
 */
@ExtendWith(DynamoDbLocalExtension.class)
abstract class WithOneTenant {

    private final String hint;
    protected AdminHarness h;
    protected Fixtures f;
    protected Fixtures.TenantWithAdmin tenant;
    /** {@code /admin/v1/tenants/{tenantId}}. */
    protected String base;

    /** @param hint the start of the tenant's id and its name */
    protected WithOneTenant(String hint) {
        this.hint = hint;
    }

    @BeforeEach
    final void setUpTenant(LocalTables tables) {
        h = new AdminHarness(tables);
        f = new Fixtures(h);
        tenant = f.tenant(hint);
        base = Fixtures.base(tenant.tenantId());
    }

    /** A call with the tenant admin's key. */
    protected Reply admin(String method, String path, String body, String... headers) {
        return h.as(tenant.adminKey().secret(), method, path, body, headers);
    }
}
