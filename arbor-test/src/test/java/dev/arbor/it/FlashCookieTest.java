package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.HttpError;
import dev.arbor.internal.action.Keys;
import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestClock;
import dev.arbor.test.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flash cookie a plain form post leaves for the page it returns to: sealed, bound to the visitor's CSRF
 * anchor, short-lived, and naming no class or method of the server.
 */
class FlashCookieTest {
    private static final byte[] SECRET = "the flash test's secret, 32 bytes or more".getBytes(StandardCharsets.UTF_8);
    private final Fixtures fixtures = new Fixtures();

    /** A plain form post of the note page's action: 303 back, with the flash cookie. */
    private static TestResponse touch(TestClient client, ActionForm form) {
        TestResponse back = form.submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin");
        assertThat(back.status()).isEqualTo(303);
        assertThat(back.cookie("arbor_flash")).isNotNull();
        return back;
    }

    @Test
    void theFlashIsSealedAndNamesNoClassOrMethod() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).secret(SECRET), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            String value = touch(client, form).cookie("arbor_flash").substring("arbor_flash=".length());
            String readable = value + " " + new String(Base64.getUrlDecoder().decode(value.split("\\.")[0]), StandardCharsets.ISO_8859_1);
            assertThat(readable).doesNotContain("touched", "ActionsUnderTest", "Notes", "touch(", "dev.arbor", "long");

            TestResponse shown = client.get("/notes/7", "Cookie", form.cookie() + "; " + "arbor_flash=" + value);
            assertThat(shown.body()).contains("<p id=\"flash\">touched 7</p>");
            assertThat(shown.setCookie("arbor_flash")).contains("Max-Age=0");
        });
    }

    @Test
    void theFlashLivesTwoMinutes() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).secret(SECRET), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            TestResponse back = touch(client, form);
            assertThat(back.setCookie("arbor_flash")).contains("Max-Age=120", "HttpOnly");
            String sealed = back.cookie("arbor_flash").substring("arbor_flash=".length());
            String purpose = "arbor/flash/" + form.cookie().substring(form.cookie().indexOf('=') + 1);

            Instant now = Instant.now();
            Keys later = new Keys(SECRET, List.of(), Keys.DEFAULT_BOUND_LIFETIME, Clock.fixed(now.plusSeconds(100), ZoneOffset.UTC));
            assertThat(new String(later.open(purpose, sealed), StandardCharsets.UTF_8)).endsWith("\ntouched 7");
            Keys tooLate = new Keys(SECRET, List.of(), Keys.DEFAULT_BOUND_LIFETIME, Clock.fixed(now.plusSeconds(125), ZoneOffset.UTC));
            assertThatThrownBy(() -> tooLate.open(purpose, sealed)).isInstanceOfSatisfying(HttpError.class,
                    e -> assertThat(e.status()).isEqualTo(409));
        });
    }

    @Test
    void theFlashExpiresOnTheServersClock() throws Exception {
        TestClock clock = new TestClock();
        ArborTest.run(TestApp.builder(fixtures).secret(SECRET).clock(clock), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            String cookies = form.cookie() + "; " + touch(client, form).cookie("arbor_flash");
            clock.advance(Duration.ofSeconds(119));
            assertThat(client.get("/notes/7", "Cookie", cookies).body()).contains("<p id=\"flash\">touched 7</p>");
            clock.advance(Duration.ofSeconds(1));
            assertThat(client.get("/notes/7", "Cookie", cookies).body()).contains("<p id=\"flash\"></p>");
        });
    }

    @Test
    void aCapturedFlashDoesNotReplayInAnotherBrowser() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).secret(SECRET), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            String flash = touch(client, form).cookie("arbor_flash");
            assertThat(client.get("/notes/7", "Cookie", form.cookie() + "; " + flash).body()).contains("touched 7");

            // Another browser with an anchor the server gave it.
            String otherBrowser = ActionForm.of(client.get("/notes/7"), 0).cookie();
            assertThat(otherBrowser).isNotEqualTo(form.cookie());
            assertThat(client.get("/notes/7", "Cookie", otherBrowser + "; " + flash).body()).contains("<p id=\"flash\"></p>");

            // The victim's own browser once a login rotated its anchor: the flash was for the anchor before.
            TestResponse login = client.postJson("/api/session/login", "{\"user\":\"ada\"}", "Cookie", form.cookie());
            String rotated = login.cookie("arbor_csrf");
            assertThat(rotated).isNotNull().isNotEqualTo(form.cookie());
            assertThat(client.get("/notes/7", "Cookie", rotated + "; " + login.cookie("arbor_session") + "; " + flash).body())
                    .contains("<p id=\"flash\"></p>");
        });
    }

    @Test
    void anAlteredFlashIsIgnored() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).secret(SECRET), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            String flash = touch(client, form).cookie("arbor_flash");
            assertThat(client.get("/notes/7", "Cookie", form.cookie() + "; " + flash).body())
                    .as("the flash as the server sealed it is shown").contains("<p id=\"flash\">touched 7</p>");
            int middle = flash.length() - 20;
            String altered = flash.substring(0, middle) + (flash.charAt(middle) == 'A' ? 'B' : 'A') + flash.substring(middle + 1);

            TestResponse page = client.get("/notes/7", "Cookie", form.cookie() + "; " + altered);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<p id=\"flash\"></p>");
        });
    }
}
