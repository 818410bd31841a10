package com.gaterouter.admin.reconciliation;

import com.gaterouter.common.billing.VendorExport;
import java.util.List;
import java.util.Optional;

/**
 * Port: the vendor export formats an admin may upload ({@code ?format=}), by name. In production
 * the registry of the common module's parsers ({@code VendorExports}).
 */
public interface ExportFormats {

    Optional<VendorExport> named(String name);

    /** Every format's name, for the 400 that names the known ones. */
    List<String> names();

    /** The formats of {@code exports}, by their {@link VendorExport#name()}. */
    static ExportFormats of(List<VendorExport> exports) {
        List<VendorExport> all = List.copyOf(exports);
        return new ExportFormats() {
            @Override
            public Optional<VendorExport> named(String name) {
                return all.stream().filter(e -> e.name().equals(name)).findFirst();
            }

            @Override
            public List<String> names() {
                return all.stream().map(VendorExport::name).sorted().toList();
            }
        };
    }
}
