package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.Arbor;
import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestClock;
import dev.arbor.test.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The key ring over HTTP: instances with one ring share forms and sessions; a rotated ring still accepts what the
 * previous key made until its window ends, and nothing after; production refuses to start without a secret.
 */
class KeyRingTest {
    private static final byte[] OLD = "the old secret, at least 32 bytes long".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "the new secret, at least 32 bytes long".getBytes(StandardCharsets.UTF_8);

    private static Arbor.Builder app(Fixtures fixtures, byte[] secret) {
        return TestApp.builder(fixtures).secret(secret);
    }

    private static Arbor.Builder rotated(Fixtures fixtures) {
        return app(fixtures, NEW).previousSecret(OLD, Instant.now().plus(Duration.ofHours(1)));
    }

    private static ActionForm noteForm(Arbor.Builder app) throws Exception {
        ActionForm[] form = new ActionForm[1];
        ArborTest.run(app, (server, client) -> form[0] = ActionForm.of(client.get("/notes/7"), 0));
        return form[0];
    }

    private static String login(Arbor.Builder app) throws Exception {
        String[] cookie = new String[1];
        ArborTest.run(app, (server, client) ->
                cookie[0] = client.postJson("/api/session/login", "{\"user\":\"ada\",\"roles\":[]}").cookie("arbor_session"));
        return cookie[0];
    }

    @Test
    void twoInstancesWithTheSameRingAcceptEachOthersFormsAndSessions() throws Exception {
        Fixtures fixtures = new Fixtures();
        try (Arbor a = ArborTest.start(rotated(fixtures)); Arbor b = ArborTest.start(rotated(fixtures))) {
            TestClient toA = new TestClient(a.uri());
            TestClient toB = new TestClient(b.uri());
            ActionForm fromA = ActionForm.of(toA.get("/notes/7"), 0);
            ActionForm fromB = ActionForm.of(toB.get("/notes/7"), 0);
            assertThat(fromB.action()).as("one ring, one action id").isEqualTo(fromA.action());

            assertThat(fromA.submit(toB, "/notes/7", "").status()).isEqualTo(303);
            assertThat(fromB.submit(toA, "/notes/7", "").status()).isEqualTo(303);
            assertThat(fixtures.created).containsExactly("touched 7", "touched 7");

            String session = toA.postJson("/api/session/login", "{\"user\":\"ada\",\"roles\":[]}").cookie("arbor_session");
            assertThat(toB.get("/api/session/me", "Cookie", session).json().get("user").asText()).isEqualTo("ada");
        }
    }

    @Test
    void aFormAndASessionFromBeforeARotationStillWorkInsideTheWindow() throws Exception {
        ActionForm before = noteForm(app(new Fixtures(), OLD));
        String oldSession = login(app(new Fixtures(), OLD));
        Fixtures fixtures = new Fixtures();
        String[] resealed = new String[1];
        ArborTest.run(rotated(fixtures), (server, client) -> {
            ActionForm after = ActionForm.of(client.get("/notes/7"), 0);
            assertThat(after.action()).as("new forms name the action under the new key").isNotEqualTo(before.action());
            TestResponse submitted = before.submit(client, "/notes/7", "");
            assertThat(submitted.status()).isEqualTo(303);
            assertThat(submitted.header("Location")).isEqualTo("/notes/7");
            assertThat(fixtures.created).containsExactly("touched 7");

            TestResponse me = client.get("/api/session/me", "Cookie", oldSession);
            assertThat(me.json().get("user").asText()).isEqualTo("ada");
            resealed[0] = me.cookie("arbor_session");
            assertThat(resealed[0]).as("the old-key session is sealed again with the new key").isNotNull().isNotEqualTo(oldSession);
        });
        // Once the old key is retired, only what was sealed again with the new one still opens.
        ArborTest.run(app(new Fixtures(), NEW), (server, client) -> {
            assertThat(client.get("/api/session/me", "Cookie", resealed[0]).status()).isEqualTo(200);
            assertThat(client.get("/api/session/me", "Cookie", oldSession).status()).isEqualTo(401);
        });
    }

    @Test
    void whenAPreviousKeysWindowEndsWhileTheServerRunsWhatItMadeIsRefusedFromThatInstant() throws Exception {
        ActionForm before = noteForm(app(new Fixtures(), OLD));
        String oldSession = login(app(new Fixtures(), OLD));
        Fixtures fixtures = new Fixtures();
        TestClock clock = new TestClock();
        Instant windowEnds = clock.instant().plus(Duration.ofHours(1));
        ArborTest.run(app(fixtures, NEW).clock(clock).previousSecret(OLD, windowEnds), (server, client) -> {
            assertThat(client.get("/api/session/me", "Cookie", oldSession).status()).as("inside the window").isEqualTo(200);
            clock.set(windowEnds);
            assertThat(client.get("/api/session/me", "Cookie", oldSession).status()).as("at its end").isEqualTo(401);
            TestResponse enhanced = before.submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin", "Arbor-Enhanced", "1");
            assertThat(enhanced.status()).isEqualTo(409);
            assertThat(enhanced.header("Arbor-Reload")).isEqualTo("1");
        });
        assertThat(fixtures.created).isEmpty();
    }

    @Test
    void aFormFromARetiredOrExpiredKeyIsOutOfDateAndRunsNothing() throws Exception {
        ActionForm before = noteForm(app(new Fixtures(), OLD));
        Fixtures fixtures = new Fixtures();
        Arbor.Builder windowOver = app(fixtures, NEW).previousSecret(OLD, Instant.now().minusSeconds(1));
        for (Arbor.Builder retired : new Arbor.Builder[] {app(fixtures, NEW), windowOver}) {
            ArborTest.run(retired, (server, client) -> {
                // Without Fetch Metadata or Origin, the CSRF token decides, and the retired key's token is refused.
                assertThat(before.submit(client, "/notes/7", "").status()).isEqualTo(403);
                // A browser sends Sec-Fetch-Site: the action id is then unknown to this ring, the page out of date.
                TestResponse plain = before.submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin");
                assertThat(plain.status()).isEqualTo(303);
                assertThat(plain.header("Location")).isEqualTo("/notes/7");
                TestResponse enhanced = before.submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin", "Arbor-Enhanced", "1");
                assertThat(enhanced.status()).isEqualTo(409);
                assertThat(enhanced.header("Arbor-Reload")).isEqualTo("1");
                // The retired key's bound values under this ring's own action id, token and session: refused too.
                ActionForm current = ActionForm.of(client.get("/notes/7"), 0);
                TestResponse oldBlob = current.with(current.action(), current.csrf(), before.bound())
                        .submit(client, "/notes/7", "", "Arbor-Enhanced", "1");
                assertThat(oldBlob.status()).isEqualTo(409);
                assertThat(oldBlob.json().get("type").asText()).isEqualTo("/problems/expired-form");
            });
        }
        assertThat(fixtures.created).isEmpty();
    }

    @Test
    void aFormWhoseBoundValuesExpiredIsOutOfDateAndRunsNothing() throws Exception {
        Fixtures fixtures = new Fixtures();
        TestClock clock = new TestClock();
        Duration lifetime = Duration.ofMinutes(10);
        ArborTest.run(app(fixtures, NEW).clock(clock).boundValuesLifetime(lifetime), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            clock.advance(lifetime.plusSeconds(1));
            TestResponse enhanced = form.submit(client, "/notes/7", "", "Arbor-Enhanced", "1");
            assertThat(enhanced.status()).isEqualTo(409);
            assertThat(enhanced.json().get("type").asText()).isEqualTo("/problems/expired-form");
            assertThat(enhanced.header("Arbor-Reload")).isEqualTo("1");
            TestResponse plain = form.submit(client, "/notes/7", "");
            assertThat(plain.status()).isEqualTo(303);
            String flash = plain.cookie("arbor_flash");
            assertThat(flash).isNotNull();
            assertThat(client.get("/notes/7", "Cookie", form.cookie() + "; " + flash).body()).contains("This form was too old to send");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void productionRefusesToStartWithoutASecret() {
        assertThatThrownBy(() -> ArborTest.start(TestApp.builder(new Fixtures()).production(true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("production mode")
                .hasMessageContaining("no app secret is configured")
                .hasMessageContaining("Arbor.Builder.secret(bytes)");
        try (Arbor started = ArborTest.start(TestApp.builder(new Fixtures()).production(true).secret(NEW))) {
            assertThat(new TestClient(started.uri()).get("/notes/7").status()).isEqualTo(200);
        }
    }
}
