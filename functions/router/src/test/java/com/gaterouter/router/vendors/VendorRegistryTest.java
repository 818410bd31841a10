package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.RepositoryRoot;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.VendorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The steps of adding a vendor or an API shape that no compiler enforces: the shape is documented,
 * and the key of every keyed vendor has its field in the vendor-keys secret's documented shape.
 */
class VendorRegistryTest {

    @ParameterizedTest
    @EnumSource(VendorApi.class)
    void everyShapeHasARowInTheVendorDocs(VendorApi api) throws IOException {
        String docs = Files.readString(RepositoryRoot.locate().resolve("docs/vendors/README.md"));

        assertThat(docs).contains("| `" + api.wireName() + "` |");
    }

    @Test
    void everyKeyedCatalogVendorHasItsFieldInTheVendorKeysSecret() throws IOException {
        String template = Files.readString(RepositoryRoot.template());
        String secret = template.substring(template.indexOf("VendorKeysSecret:"), template.indexOf("SecretString:",
                template.indexOf("VendorKeysSecret:")));

        for (VendorSpec vendor : ModelCatalog.load(Optional.empty()).vendors()) {
            if (vendor.api().auth().needsKey()) {
                assertThat(secret).as("vendor %s's key field in the vendor-keys secret", vendor.name())
                        .contains("\"" + vendor.keyField() + "\":");
            }
        }
    }
}
