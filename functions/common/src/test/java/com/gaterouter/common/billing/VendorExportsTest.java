package com.gaterouter.common.billing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VendorExportsTest {

    @Test
    void everyFormatIsFoundByItsNameAndNamesItsVendor() {
        assertThat(VendorExports.all()).extracting(VendorExport::name)
                .containsExactly("openai", "anthropic", "aws-cur", "google-billing");
        assertThat(VendorExports.all()).extracting(VendorExport::vendor)
                .containsExactly("openai", "anthropic", "bedrock", "gemini");
        VendorExports.all().forEach(format -> assertThat(VendorExports.named(format.name())).containsSame(format));
        assertThat(VendorExports.named("azure")).isEmpty();
    }
}
