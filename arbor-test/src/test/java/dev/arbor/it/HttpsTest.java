package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Arbor;
import dev.arbor.Limits;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS served by Arbor itself (a self-signed certificate made for the test) and behind a trusted
 * TLS-terminating proxy: HSTS on every response and the session cookie as {@code __Host-…; Secure}, and
 * neither over plain HTTP. SECURITY.md checklist item 27.
 */
class HttpsTest {
    private static final String PASSWORD = "test-only-password";
    private static final String LOGIN = "{\"user\":\"ada\",\"roles\":[\"customer\"]}";
    private static final String HSTS = "max-age=31536000; includeSubDomains";

    @TempDir
    static Path directory;
    private static Path keyStore;
    private static SSLContext trusting;

    private final Fixtures fixtures = new Fixtures();

    /** A key pair and self-signed certificate for localhost and 127.0.0.1, made by the running JDK's keytool. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        keyStore = directory.resolve("tls.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "arbor", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("arbor", keys.getCertificate("arbor"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, trust.getTrustManagers(), null);
    }

    private void overHttps(Arbor.Builder app, ArborTest.Body body) throws Exception {
        try (Arbor server = ArborTest.start(app.https(keyStore, PASSWORD))) {
            assertThat(server.uri().getScheme()).isEqualTo("https");
            body.run(server, new TestClient(server.uri(), trusting));
        }
    }

    private static String sessionCookie(TestResponse response) {
        List<String> cookies = response.headers().allValues("Set-Cookie").stream().filter(c -> c.contains("arbor_session=")).toList();
        assertThat(cookies).hasSize(1);
        return cookies.getFirst();
    }

    private static byte[] nonce(TestResponse page) {
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("'nonce-", "'strict-dynamic'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'");
        String nonce = csp.replaceAll(".*'nonce-([^']+)'.*", "$1");
        assertThat(page.body()).contains("nonce=\"" + nonce + "\"");
        return Base64.getDecoder().decode(nonce.replace('-', '+').replace('_', '/'));
    }

    @Test
    void overHttpsEveryResponseCarriesHstsAndPagesTheirSecurityHeadersWithAFreshNonceOfAtLeast128Bits() throws Exception {
        overHttps(TestApp.builder(fixtures), (server, client) -> {
            TestResponse first = client.get("/counter");
            TestResponse second = client.get("/counter");
            for (TestResponse page : List.of(first, second)) {
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.headers().allValues("Strict-Transport-Security")).containsExactly(HSTS);
                assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(page.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
            }
            byte[] nonce = nonce(first);
            assertThat(nonce.length * 8).isGreaterThanOrEqualTo(128);
            assertThat(nonce(second)).isNotEqualTo(nonce);
            TestResponse notFound = client.get("/no/such/page");
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.header("Content-Security-Policy")).contains("script-src 'none'", "object-src 'none'", "base-uri 'none'",
                    "frame-ancestors 'self'");
            assertThat(notFound.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
            // Not only pages: the 404 page, JSON and problem answers too.
            for (String path : List.of("/no/such/page", "/items/1", "/api/session/me")) {
                assertThat(client.get(path).headers().allValues("Strict-Transport-Security")).as(path).containsExactly(HSTS);
            }
        });
    }

    @Test
    void overHttpsTheSessionCookieIsHostPrefixedSecureHttpOnlyLaxOnTheRootPath() throws Exception {
        overHttps(TestApp.builder(fixtures), (server, client) -> {
            String cookie = sessionCookie(client.postJson("/api/session/login", LOGIN));
            assertThat(cookie).startsWith("__Host-arbor_session=").contains("; Path=/;", "; Secure", "; HttpOnly", "; SameSite=Lax")
                    .doesNotContainIgnoringCase("Domain=");
            TestResponse me = client.get("/api/session/me", "Cookie", cookie.split(";")[0]);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("user").asText()).isEqualTo("ada");
        });
    }

    @Test
    void overHttpsTheCsrfAnchorIsHostPrefixedAndAPlainOneTossedByASiblingIsIgnored() throws Exception {
        overHttps(TestApp.builder(fixtures), (server, client) -> {
            TestResponse page = client.get("/counter");
            String anchor = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("__Host-arbor_csrf="))
                    .findFirst().orElseThrow();
            assertThat(anchor).contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax").doesNotContainIgnoringCase("Domain=");
            assertThat(page.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("arbor_csrf="));
            dev.arbor.test.ActionForm form = dev.arbor.test.ActionForm.of(page, 0);
            // No Origin and no Sec-Fetch-Site: the token against the anchor decides.
            assertThat(form.submit(client, "/counter", "").status()).isEqualTo(303);
            String tossed = "arbor_csrf=" + form.cookie().substring(form.cookie().indexOf('=') + 1);
            TestResponse refused = client.send("POST", "/counter", form.body(""), "application/x-www-form-urlencoded", "Cookie", tossed);
            assertThat(refused.status()).isEqualTo(403);
        });
    }

    /**
     * Over HTTPS only the {@code __Host-} session cookie is read: a plain {@code arbor_session} can be set by a
     * sibling subdomain or a plain-HTTP page (cookie tossing), so honouring it would plant the attacker's session.
     */
    @Test
    void overHttpsAPlainSessionCookieTossedByASiblingIsIgnored() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.1"), (server, client) -> {
            String plain = sessionCookie(client.postJson("/api/session/login", LOGIN)).split(";")[0];
            assertThat(plain).startsWith("arbor_session=");
            assertThat(client.get("/api/session/me", "Cookie", plain).status()).as("over plain HTTP it is the session").isEqualTo(200);
            TestResponse tossed = client.get("/api/session/me", "Cookie", plain, "X-Forwarded-Proto", "https");
            assertThat(tossed.status()).isEqualTo(401);
            String secure = sessionCookie(client.postJson("/api/session/login", LOGIN, "X-Forwarded-Proto", "https")).split(";")[0];
            assertThat(client.get("/api/session/me", "Cookie", secure + "; " + plain, "X-Forwarded-Proto", "https").json()
                    .get("user").asText()).isEqualTo("ada");
            assertThat(client.get("/api/session/me", "Cookie", secure).status()).as("and the other way round").isEqualTo(401);
        });
    }

    @Test
    void overPlainHttpThereIsNoHstsAndNoHostPrefix() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse page = client.get("/counter");
            assertThat(page.headers().allValues("Strict-Transport-Security")).isEmpty();
            String cookie = sessionCookie(client.postJson("/api/session/login", LOGIN));
            assertThat(cookie).startsWith("arbor_session=").doesNotContain("Secure");
        });
    }

    @Test
    void behindATrustedProxySayingHttpsTheExchangeIsTreatedAsHttps() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.1"), (server, client) -> {
            TestResponse page = client.get("/counter", "X-Forwarded-Proto", "https");
            assertThat(page.headers().allValues("Strict-Transport-Security")).containsExactly(HSTS);
            String cookie = sessionCookie(client.postJson("/api/session/login", LOGIN, "X-Forwarded-Proto", "https"));
            assertThat(cookie).startsWith("__Host-arbor_session=").contains("; Path=/;", "; Secure", "; HttpOnly", "; SameSite=Lax");
            // A value the client put before the proxy's own does not count.
            assertThat(client.get("/counter", "X-Forwarded-Proto", "https, http").headers().allValues("Strict-Transport-Security")).isEmpty();
            assertThat(client.get("/counter").headers().allValues("Strict-Transport-Security")).isEmpty();
        });
    }

    @Test
    void aProxyTrustedByItsRangeIsBelievedToo() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.0/8"), (server, client) -> {
            assertThat(client.get("/counter", "X-Forwarded-Proto", "https").headers().allValues("Strict-Transport-Security"))
                    .containsExactly(HSTS);
        });
    }

    @Test
    void xForwardedProtoFromAnUntrustedPeerChangesNothing() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse page = client.get("/counter", "X-Forwarded-Proto", "https");
            assertThat(page.headers().allValues("Strict-Transport-Security")).isEmpty();
            String cookie = sessionCookie(client.postJson("/api/session/login", LOGIN, "X-Forwarded-Proto", "https"));
            assertThat(cookie).startsWith("arbor_session=").doesNotContain("Secure");
        });
    }

    /** The header-read deadline starts at the TCP accept, so a TLS handshake that never ends is cut too. */
    @Test
    void aClientThatNeverFinishesTheTlsHandshakeIsClosedAtTheHeaderReadTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(1500);
        overHttps(TestApp.builder(fixtures).limits(Limits.defaults().withHeaderReadTimeout(timeout)), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(15_000);
                long begin = System.nanoTime();
                socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // the start of a TLS record, never finished
                byte[] answer = socket.getInputStream().readAllBytes();
                // At most a TLS alert record (content type 21) on the way out, never a handshake or data.
                assertThat(answer.length == 0 || answer[0] == 21).as("answered %d bytes, first %d", answer.length, answer.length > 0 ? answer[0] : 0).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isBetween(timeout.minusMillis(50), timeout.plusMillis(1500));
            }
        });
    }
}
