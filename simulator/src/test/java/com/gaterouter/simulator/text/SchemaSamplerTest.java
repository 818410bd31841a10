package com.gaterouter.simulator.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SchemaSamplerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode schema(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    @Test
    void toolArgumentsUseRequiredPropertiesWithNameAndEnumHints() throws Exception {
        JsonNode s = schema("""
                {"type":"object","properties":{
                   "city":{"type":"string"},
                   "unit":{"type":"string","enum":["fahrenheit","celsius"]},
                   "days":{"type":"integer","minimum":1,"maximum":7},
                   "verbose":{"type":"boolean"}},
                 "required":["city","unit","days"]}""");
        JsonNode args = SchemaSampler.sample(s, true);
        assertThat(args.toString()).isEqualTo("{\"city\":\"Paris\",\"unit\":\"fahrenheit\",\"days\":7}");
    }

    @Test
    void structuredOutputFillsEveryPropertyRecursively() throws Exception {
        JsonNode s = schema("""
                {"type":"object","properties":{
                   "name":{"type":"string"},
                   "tags":{"type":"array","items":{"type":"string"}},
                   "address":{"$ref":"#/$defs/address"},
                   "score":{"type":["number","null"]},
                   "kind":{"anyOf":[{"type":"null"},{"const":"x"}]}},
                 "$defs":{"address":{"type":"object","properties":{"country":{"type":"string"}},"required":["country"]}}}""");
        JsonNode value = SchemaSampler.sample(s, false);
        assertThat(value.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(value.path("tags").size()).isEqualTo(1);
        assertThat(value.path("address").path("country").asText()).isEqualTo("France");
        assertThat(value.path("score").isNumber()).isTrue();
        assertThat(value.path("kind").asText()).isEqualTo("x");
    }

    @Test
    void geminiUpperCaseTypes() throws Exception {
        JsonNode s = schema("""
                {"type":"OBJECT","properties":{"location":{"type":"STRING"},"n":{"type":"INTEGER"}},"required":["location","n"]}""");
        assertThat(SchemaSampler.sample(s, true).toString()).isEqualTo("{\"location\":\"Paris\",\"n\":42}");
    }

    @Test
    void missingSchemaGivesEmptyObject() {
        assertThat(SchemaSampler.sample(null, true).toString()).isEqualTo("{}");
    }
}
