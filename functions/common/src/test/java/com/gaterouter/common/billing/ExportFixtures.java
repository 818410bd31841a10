package com.gaterouter.common.billing;

import com.gaterouter.common.billing.InvoiceLine.TokenClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalLong;

/** Fixture files and expected lines for the export parser tests. */
final class ExportFixtures {

    private ExportFixtures() {
    }

    static byte[] resource(String name) {
        try (InputStream in = ExportFixtures.class.getResourceAsStream("/billing/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    static InvoiceLine line(String vendor, String model, String day, TokenClass tokenClass, Long tokens, Long requests,
                            long costMicros, String account) {
        return new InvoiceLine(vendor, model, LocalDate.parse(day), tokenClass,
                tokens == null ? OptionalLong.empty() : OptionalLong.of(tokens),
                requests == null ? OptionalLong.empty() : OptionalLong.of(requests),
                costMicros, Optional.ofNullable(account));
    }
}
