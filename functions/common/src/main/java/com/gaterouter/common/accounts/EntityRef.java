package com.gaterouter.common.accounts;

import java.util.Objects;

/** Names one thing in a tenant: {@code (department, dept_x)}, {@code (budget, project/proj_y)}. */
public record EntityRef(EntityKind kind, String id) {

    public EntityRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }
}
