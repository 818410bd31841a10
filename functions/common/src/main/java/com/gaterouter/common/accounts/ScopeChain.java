package com.gaterouter.common.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the router needs above an app key, read in one batch: the tenant, department and project
 * (is any of them archived or gone?) and their model policies.
 */
public record ScopeChain(Optional<Tenant> tenant, Optional<Department> department, Optional<Project> project,
                         Optional<ScopePolicy> tenantPolicy, Optional<ScopePolicy> departmentPolicy,
                         Optional<ScopePolicy> projectPolicy) {

    /** Whether tenant, department and project all exist and are active: keys under an archived scope are dead. */
    public boolean active() {
        return tenant.map(t -> t.status() == EntityStatus.ACTIVE).orElse(false)
                && department.map(d -> d.status() == EntityStatus.ACTIVE).orElse(false)
                && project.map(p -> p.status() == EntityStatus.ACTIVE).orElse(false);
    }

    /** Tenant ∩ department ∩ project ∩ key. */
    public ModelAccess accessFor(ApiKeyRecord key) {
        List<ModelPolicy> levels = new ArrayList<>();
        tenantPolicy.ifPresent(p -> levels.add(p.models()));
        departmentPolicy.ifPresent(p -> levels.add(p.models()));
        projectPolicy.ifPresent(p -> levels.add(p.models()));
        levels.add(key.models());
        return new ModelAccess(levels);
    }
}
