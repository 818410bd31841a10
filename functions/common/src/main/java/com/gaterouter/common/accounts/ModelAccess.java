package com.gaterouter.common.accounts;

import java.util.List;

/**
 * The models a key may use: the intersection of the tenant's, its department's, its project's and
 * its own {@link ModelPolicy}. A model is allowed only if every level permits it.
 */
public record ModelAccess(List<ModelPolicy> levels) {

    public static final ModelAccess UNRESTRICTED = new ModelAccess(List.of());

    public ModelAccess {
        levels = List.copyOf(levels);
    }

    public boolean permits(String modelId) {
        for (ModelPolicy level : levels) {
            if (!level.permits(modelId)) {
                return false;
            }
        }
        return true;
    }
}
