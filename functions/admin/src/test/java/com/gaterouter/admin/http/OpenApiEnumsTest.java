package com.gaterouter.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.ExtraParameters;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.testing.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API document (and the analytics guide) name exactly the budget scopes, extra-parameters policies and roll-up dimensions the code knows. */
class OpenApiEnumsTest {

    private static JsonNode components;

    @BeforeAll
    static void read() throws IOException {
        String document = Files.readString(RepositoryRoot.locate().resolve("docs/openapi/admin-v1.yaml"));
        components = new ObjectMapper(new YAMLFactory()).readTree(document).path("components");
    }

    private static List<String> values(JsonNode enumNode) {
        List<String> values = new ArrayList<>();
        enumNode.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void budgetScopesAreDocumented() {
        assertThat(values(components.path("schemas").path("BudgetScope").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(BudgetScope.values()).map(BudgetScope::wireName).toList());
    }

    @Test
    void extraParametersPoliciesAreDocumented() {
        assertThat(values(components.path("schemas").path("ExtraParameters").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(ExtraParameters.values()).map(ExtraParameters::wireName).toList());
        for (String schema : List.of("Tenant", "TenantCreate", "TenantPatch")) {
            assertThat(components.path("schemas").path(schema).path("properties").path("extraParameters").path("$ref").asText())
                    .as(schema).isEqualTo("#/components/schemas/ExtraParameters");
        }
    }

    /** Both the {@code groupBy} parameter and the report's {@code groupBy} field. */
    @Test
    void rollUpDimensionsAreTheGroupByValues() {
        List<JsonNode> groupBys = new ArrayList<>();
        collect(components, "groupBy", groupBys);

        assertThat(groupBys).hasSize(2).allSatisfy(groupBy -> assertThat(values(groupBy.has("schema")
                ? groupBy.path("schema").path("enum") : groupBy.path("enum")))
                .containsExactlyElementsOf(Arrays.stream(RollupDimension.values()).map(RollupDimension::wireName).toList()));
    }

    @Test
    void theAnalyticsGuideListsEveryGroupByValue() throws IOException {
        String guide = Files.readString(RepositoryRoot.locate().resolve("docs/analytics.md"));
        String sentence = guide.substring(guide.indexOf("`groupBy` takes"), guide.indexOf(";", guide.indexOf("`groupBy` takes")));

        assertThat(sentence).contains(Arrays.stream(RollupDimension.values()).map(d -> "`" + d.wireName() + "`").toList());
    }

    private static void collect(JsonNode node, String field, List<JsonNode> into) {
        node.properties().forEach(entry -> {
            if (entry.getKey().equals(field) && entry.getValue().isObject()) {
                into.add(entry.getValue());
            }
            collect(entry.getValue(), field, into);
        });
        if (node.isArray()) {
            node.forEach(element -> collect(element, field, into));
        }
    }
}
