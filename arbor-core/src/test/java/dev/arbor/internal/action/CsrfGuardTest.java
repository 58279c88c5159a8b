package dev.arbor.internal.action;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsrfGuardTest {
    static final java.util.List<String> APP = java.util.List.of("https://app.example.com");

    @Test
    void sameOriginFetchMetadataIsAllowed() {
        assertThat(CsrfGuard.check("same-origin", null, APP, null, false)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site", "CROSS-SITE"})
    void crossOrFetchMetadataFromSiblingsIsRefusedEvenWithAMatchingOrigin(String site) {
        assertThat(CsrfGuard.check(site, APP.getFirst(), APP, null, false)).startsWith("Sec-Fetch-Site");
    }

    @Test
    void theAppsOwnOriginIsAllowedInAnySpelling() {
        assertThat(CsrfGuard.check(null, "https://app.example.com", APP, null, false)).isNull();
        assertThat(CsrfGuard.check(null, "HTTPS://APP.EXAMPLE.COM", APP, null, false)).isNull();
        assertThat(CsrfGuard.check(null, "https://app.example.com:443", APP, null, false)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "https://app.example.com.evil.example", "http://app.example.com",
            "https://app.example.com:8443", "https://app.example.com\\@evil", "null", "https://user@app.example.com",
            "https://app.example.com/path"})
    void anyOtherOriginIsRefused(String origin) {
        assertThat(CsrfGuard.check(null, origin, APP, "irrelevant", true)).isNotNull();
    }

    @Test
    void anyOfSeveralConfiguredOriginsIsAllowed() {
        var both = java.util.List.of("https://app.example.com", "https://www.example.com");
        assertThat(CsrfGuard.check(null, "https://www.example.com", both, null, false)).isNull();
        assertThat(CsrfGuard.check(null, "https://api.example.com", both, null, false)).isNotNull();
    }

    @Test
    void withNeitherHeaderTheSessionTokenDecides() {
        assertThat(CsrfGuard.check(null, null, APP, "token-a", true)).isNull();
        assertThat(CsrfGuard.check(null, null, APP, "token-b", false)).isEqualTo("CSRF token does not match the session");
        assertThat(CsrfGuard.check(null, null, APP, null, false)).isEqualTo("no Origin, no Sec-Fetch-Site and no CSRF token");
        assertThat(CsrfGuard.check(null, null, APP, "token-a", false)).isNotNull();
    }
}
