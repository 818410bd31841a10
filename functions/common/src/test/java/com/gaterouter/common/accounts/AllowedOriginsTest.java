package com.gaterouter.common.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant's CORS origins: what an admin may write, how it is kept, and which Origin it admits. */
class AllowedOriginsTest {

    @Test
    void entriesAreKeptCanonicalSortedAndOnce() {
        AllowedOrigins origins = AllowedOrigins.of(List.of("https://App.Example.com", "http://localhost:5173",
                "https://app.example.com:443", "https://app.example.com/", "http://intranet:80", "https://[::1]:8443"));
        assertThat(origins.origins()).containsExactly("http://intranet", "http://localhost:5173", "https://[::1]:8443",
                "https://app.example.com");
    }

    @Test
    void anExactOriginAdmitsItselfOnly() {
        AllowedOrigins origins = AllowedOrigins.of(List.of("https://app.example.com", "http://localhost:5173"));
        assertThat(origins.allowOriginFor("https://app.example.com")).contains("https://app.example.com");
        assertThat(origins.allowOriginFor("http://localhost:5173")).contains("http://localhost:5173");
        for (String other : List.of("https://evil.example", "http://app.example.com", "https://app.example.com:8443",
                "https://sub.app.example.com", "https://app.example.com.evil.example", "http://localhost:3000", "null", "")) {
            assertThat(origins.allowOriginFor(other)).as(other).isEmpty();
        }
        assertThat(origins.allowOriginFor(null)).isEmpty();
    }

    @Test
    void aStarAdmitsEveryOriginWithAStar() {
        AllowedOrigins any = AllowedOrigins.of(List.of("*"));
        assertThat(any.allowOriginFor("https://anything.example")).contains("*");
        assertThat(any.allowOriginFor("null")).contains("*");
    }

    @Test
    void noneAdmitsNothing() {
        assertThat(AllowedOrigins.NONE.isEmpty()).isTrue();
        assertThat(AllowedOrigins.NONE.allowOriginFor("https://app.example.com")).isEmpty();
        assertThat(AllowedOrigins.of(List.of())).isEqualTo(AllowedOrigins.NONE);
    }

    @Test
    void whatIsNotAnExactOriginIsRefusedWithAReason() {
        for (String bad : List.of("app.example.com", "ftp://app.example.com", "https://", "https://app.example.com/path",
                "https://app.example.com?x=1", "https://app.example.com#top", "https://user@app.example.com",
                "https://*.example.com", "*.example.com", " ", "https://app.example.com//", "file:///tmp/x")) {
            assertThatThrownBy(() -> AllowedOrigins.of(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.isBlank() ? "empty" : bad);
        }
        assertThatThrownBy(() -> AllowedOrigins.of(List.of("https://" + "a".repeat(300) + ".example")))
                .hasMessageContaining("longer than 300");
    }

    @Test
    void aStarStandsAlone() {
        assertThatThrownBy(() -> AllowedOrigins.of(List.of("*", "https://app.example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("list it alone");
    }

    @Test
    void atMostAHundredOrigins() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("https://app" + i + ".example.com");
        }
        assertThatThrownBy(() -> AllowedOrigins.of(many)).hasMessageContaining("at most 100");
        assertThat(AllowedOrigins.of(many.subList(0, 100)).origins()).hasSize(100);
        assertThat(AllowedOrigins.of(Collections.nCopies(3, "https://same.example")).origins()).containsExactly("https://same.example");
    }
}
