package com.gaterouter.routing;

import java.util.Optional;
import java.util.Locale;

/**
 * An enum spelt on the wire (JSON, headers, usage records, policies) as its constant's name in lower
 * case: {@code TENANT_ADMIN} is {@code tenant_admin}. Every module's wire enums share this spelling.
 */
public interface WireNamed {

    /** The constant's name; every enum has it. */
    String name();

    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} spelt {@code wireName}; empty for any other spelling, {@code null} included. */
    static <E extends Enum<E> & WireNamed> Optional<E> fromWire(Class<E> type, String wireName) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(wireName)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
