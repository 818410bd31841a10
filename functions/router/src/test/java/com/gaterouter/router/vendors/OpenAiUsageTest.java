package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import org.junit.jupiter.api.Test;

class OpenAiUsageTest {

    private static TokenUsage parse(String json) throws Exception {
        return OpenAiUsage.parse(Json.MAPPER.readTree(json));
    }

    @Test
    void readsOpenAisCachedAndReasoningTokens() throws Exception {
        assertThat(parse("""
                {"prompt_tokens":2000,"completion_tokens":300,"prompt_tokens_details":{"cached_tokens":1024},
                 "completion_tokens_details":{"reasoning_tokens":200}}"""))
                .isEqualTo(new TokenUsage(2000, 1024, 0, 300, 200));
    }

    @Test
    void readsDeepSeeksCacheHitFieldsWhenOpenAisAreAbsent() throws Exception {
        assertThat(parse("""
                {"prompt_tokens":1500,"completion_tokens":10,"prompt_cache_hit_tokens":1200,"prompt_cache_miss_tokens":300}"""))
                .isEqualTo(new TokenUsage(1500, 1200, 0, 10, 0));
    }

    @Test
    void readsCacheWritesAndNeverLetsPartsExceedTheWhole() throws Exception {
        assertThat(parse("""
                {"prompt_tokens":100,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":60,"cache_write_tokens":80}}"""))
                .isEqualTo(new TokenUsage(100, 60, 40, 5, 0));
        assertThat(parse("null")).isEqualTo(TokenUsage.NONE);
    }
}
