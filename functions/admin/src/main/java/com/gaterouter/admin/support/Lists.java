package com.gaterouter.admin.support;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.KeyStatus;
import java.util.Locale;
import java.util.Optional;

/** Query filters lists share. */
public final class Lists {

    private Lists() {
    }

    /** {@code ?status=active|archived}. */
    public static Optional<EntityStatus> entityStatus(AdminCall call) {
        return call.query("status").map(value -> switch (value) {
            case "active" -> EntityStatus.ACTIVE;
            case "archived" -> EntityStatus.ARCHIVED;
            default -> throw AdminException.invalid("status", "'status' must be active or archived.");
        });
    }

    /** {@code ?status=active|revoked} for keys. */
    public static Optional<KeyStatus> keyStatus(AdminCall call) {
        return call.query("status").map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "active" -> KeyStatus.ACTIVE;
            case "revoked" -> KeyStatus.REVOKED;
            default -> throw AdminException.invalid("status", "'status' must be active or revoked.");
        });
    }
}
