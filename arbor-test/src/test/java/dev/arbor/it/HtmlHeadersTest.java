package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.Arbor;

import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Test;

/** Every HTML answer carries a CSP and the page headers, not only what pages render (checklist item 27). */
class HtmlHeadersTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void htmlFromARouteAndThe500PageOfAFailingPageGetTheNoScriptPolicy() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            for (String path : new String[] {"/route-html", "/guarded/broken"}) {
                TestResponse response = client.get(path, "Accept", "text/html");
                assertThat(response.header("Content-Type")).as(path).startsWith("text/html");
                assertThat(response.header("Content-Security-Policy")).as(path)
                        .contains("script-src 'none'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'");
                assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("strict-origin-when-cross-origin");
                assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("SAMEORIGIN");
                assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            }
            assertThat(client.get("/guarded/broken").status()).isEqualTo(500);
        });
    }

    @Test
    void aRouteThatSetsItsOwnPolicyKeepsItAndJsonGetsNone() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse own = client.get("/route-html?own=1");
            assertThat(own.headers().allValues("Content-Security-Policy")).containsExactly("default-src 'self'");
            TestResponse json = client.get("/items/1");
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.header("Content-Type")).startsWith("application/json");
            assertThat(json.header("Content-Security-Policy")).isNull();
        });
    }

    @Test
    void everyHtmlAnswerIsIsolatedFromOtherOriginsAndAsksForNoPowerfulFeatures() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            for (String path : new String[] {"/plain", "/counter", "/route-html", "/guarded/broken", "/guarded/missing"}) {
                TestResponse response = client.get(path, "Accept", "text/html");
                assertThat(response.header("Content-Type")).as(path).startsWith("text/html");
                assertThat(response.headers().allValues("Cross-Origin-Opener-Policy")).as(path).containsExactly("same-origin");
                assertThat(response.headers().allValues("Cross-Origin-Resource-Policy")).as(path).containsExactly("same-origin");
                assertThat(response.headers().allValues("Permissions-Policy")).as(path).hasSize(1);
                assertThat(response.header("Permissions-Policy")).as(path)
                        .contains("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()");
                assertThat(response.headers().allValues("Referrer-Policy")).as(path).hasSize(1);
                assertThat(response.headers().allValues("X-Frame-Options")).as(path).hasSize(1);
                assertThat(response.headers().allValues("Content-Security-Policy")).as(path).hasSize(1);
            }
        });
    }

    @Test
    void theCspTakesTheAppsExtraSourcesAndKeepsItsNonce() throws Exception {
        Arbor.Builder app = TestApp.builder(fixtures)
                .contentSecurityPolicy("img-src", "https://images.example")
                .contentSecurityPolicy("connect-src", "https://api.example", "wss://live.example")
                .contentSecurityPolicy("script-src", "https://cdn.example");
        ArborTest.run(app, (server, client) -> {
            String page = client.get("/counter").header("Content-Security-Policy");
            assertThat(page).containsPattern("script-src 'nonce-[A-Za-z0-9_-]{24}' 'strict-dynamic' https://cdn.example;")
                    .contains("img-src 'self' data: https://images.example", "connect-src 'self' https://api.example wss://live.example",
                            "object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'");
            String route = client.get("/route-html").header("Content-Security-Policy");
            assertThat(route).contains("script-src 'none'", "img-src 'self' data: https://images.example",
                    "connect-src 'self' https://api.example wss://live.example").doesNotContain("cdn.example");
        });
    }

    @Test
    void sourcesThatWouldWeakenTheCspAreRefusedWhenConfigured() {
        String[][] refused = {
                {"script-src", "'unsafe-inline'"}, {"script-src", "'unsafe-eval'"}, {"script-src", "'unsafe-hashes'"},
                {"script-src", "data:"}, {"script-src", "https:"}, {"img-src", "*"}, {"connect-src", "'UNSAFE-EVAL'"},
                {"default-src", "'unsafe-inline'"}, {"script-src", "'nonce-fixed'"}};
        for (String[] pair : refused) {
            assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy(pair[0], pair[1])).as(pair[0] + " " + pair[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(pair[1]).hasMessageContaining(pair[0]).hasMessageContaining("weaken");
        }
        assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy("script-src-elem", "https://cdn.example"))
                .hasMessageContaining("add script sources to script-src");
        assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy("object-src", "https://plugins.example"))
                .hasMessageContaining("object-src stays 'none'");
        assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy("img-src", "https://a.example; script-src *"))
                .hasMessageContaining("one source per argument");
        assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy("report-uri", "/x"))
                .hasMessageContaining("contentSecurityPolicyReports");
        assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicyReports("https://r.example/a b"))
                .hasMessageContaining("https://r.example/a b");
    }

    @Test
    void aDirectiveThatIsNotASourceListOrNamesNoSourceIsRefusedWhenConfigured() {
        String[] notNames = {"IMG-SRC", "img src", null};
        for (String directive : notNames) {
            assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy(directive, "x")).as(directive)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("CSP: '" + directive + "' is not a directive name such as img-src or connect-src");
        }
        for (String directive : new String[] {"sandbox", "upgrade-insecure-requests"}) {
            assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy(directive, "x")).as(directive)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only source lists").hasMessageEndingWith("not " + directive);
        }
        assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy("img-src"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("CSP: name at least one source for img-src");
        assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy("base-uri", "https://a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("CSP: base-uri stays 'none'; it cannot be given sources");
    }

    @Test
    void aReportEndpointOffTheSiteOrThatWouldBreakTheHeadersIsRefused() {
        // Plain HTTP, another site, a script URL, and what would end the directive, the list or the quoted string.
        String[] refused = {"http://r.example/x", "//evil.example/x", "javascript:alert(1)", "/x;script-src *", "/x,y",
                "/x\"y", "", null,
                // A backslash would escape the closing quote of Reporting-Endpoints; controls and non-ASCII are no header text.
                "/x\\", "/x'y", "/x\u0000y", "/x\u007fy", "/caf\u00e9"};
        for (String endpoint : refused) {
            assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicyReports(endpoint)).as(endpoint)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("CSP reports: '" + endpoint + "' must be a path of this app such as /csp-reports "
                            + "or an https:// URL, in printable ASCII without spaces, commas, semicolons, quotes or backslashes");
        }
        Arbor.builder().contentSecurityPolicyReports("/csp-reports").contentSecurityPolicyReports("https://r.example/csp");
    }

    @Test
    void sourcesThatLetAnyHostRunScriptsOrFrameThePagesAreRefused() {
        String[][] refused = {
                // A bare scheme or a wildcard host where a document or a script comes from: any site of it.
                {"worker-src", "data:"}, {"worker-src", "blob:"}, {"child-src", "data:"}, {"frame-src", "https:"},
                {"frame-ancestors", "https:"}, {"frame-ancestors", "https://*.example.com"}, {"script-src", "https://*"},
                {"script-src", "https://*.cdn.example"}, {"default-src", "filesystem:"}, {"worker-src", "*.example.com"},
                // Everywhere: any host at all.
                {"img-src", "https://*"}, {"connect-src", "*:443"}, {"connect-src", "https:"}, {"img-src", "http:"},
                {"form-action", "https:"}, {"font-src", "filesystem:"}};
        for (String[] pair : refused) {
            assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy(pair[0], pair[1])).as(pair[0] + " " + pair[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(pair[1]).hasMessageContaining(pair[0]).hasMessageContaining("weaken");
        }
        assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy("frame-ancestors", "https:"))
                .hasMessageContaining("any https: site could frame these pages");
        assertThatThrownBy(() -> Arbor.builder().contentSecurityPolicy("script-src", "https://*.cdn.example"))
                .hasMessageContaining("every subdomain");
        // What a page legitimately loads from: images from any subdomain of a host, inline fonts, media from blobs.
        Arbor.builder().contentSecurityPolicy("img-src", "https://*.images.example", "data:", "blob:")
                .contentSecurityPolicy("font-src", "data:").contentSecurityPolicy("media-src", "blob:")
                .contentSecurityPolicy("connect-src", "wss://live.example", "https://*.api.example")
                .contentSecurityPolicy("frame-ancestors", "https://partner.example");
    }

    @Test
    void cspViolationsAreReportedWhereTheAppSays() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).contentSecurityPolicyReports("/csp-reports"), (server, client) -> {
            for (String path : new String[] {"/counter", "/route-html"}) {
                TestResponse response = client.get(path, "Accept", "text/html");
                assertThat(response.header("Content-Security-Policy")).as(path).contains("report-uri /csp-reports", "report-to csp");
                assertThat(response.headers().allValues("Reporting-Endpoints")).as(path).containsExactly("csp=\"/csp-reports\"");
            }
            assertThat(client.get("/items/1").header("Reporting-Endpoints")).isNull();
        });
    }
}
