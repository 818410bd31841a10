package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.router.catalog.VendorSpec;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each registered API shape's authentication decides whether the vendor-keys secret must hold a key. */
class VendorKeysTest {

    private final VendorKeys keys = new VendorKeys(new StaticSecretsSource().put("platform", Map.of("v", "sk-v")), "platform");

    private static VendorSpec vendor(VendorApi api, String keyField) {
        return new VendorSpec("v", api, URI.create("http://v"), keyField, null, null);
    }

    @ParameterizedTest
    @EnumSource(VendorApi.class)
    void keyedShapesReadTheSecretAndIamShapesNeedNone(VendorApi api) {
        if (api.auth().needsKey()) {
            assertThat(keys.keyFor(vendor(api, "v"), "t1")).contains("sk-v");
            assertThat(keys.keyFor(vendor(api, "missing"), "t1")).isEmpty();
        } else {
            assertThat(keys.keyFor(vendor(api, "missing"), "t1")).contains("iam");
        }
    }

    @ParameterizedTest
    @EnumSource(VendorApi.class)
    void everyShapeIsFoundByItsWireName(VendorApi api) {
        assertThat(VendorApi.fromWire(api.wireName())).contains(api);
        assertThat(VendorApi.of(api.wireName(), "v")).isEqualTo(api);
    }
}
