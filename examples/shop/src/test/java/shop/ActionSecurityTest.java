package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Posts;

/** Server actions as an attacker sees them: plain HTTP, forged origins, tampered fields, unknown ids. */
@Tag("db")
class ActionSecurityTest extends ShopTestSupport {
    static ActionForm form(String path, int index) {
        return ActionForm.of(client.get(path), index);
    }

    private static int posts() {
        return new Posts(shop.shop().database().jdbi()).count();
    }

    private static TestResponse post(String path, ActionForm form, String fields, String... headers) {
        return form.submit(client, path, fields, headers);
    }

    @Test
    void aValidPostWithTheSessionTokenCreatesOnePost() {
        int before = posts();
        TestResponse response = post("/posts/new", form("/posts/new", 0), "title=Ok&content=Fine");
        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).matches("/posts/\\d+");
        assertThat(posts()).isEqualTo(before + 1);
    }

    @Test
    void aForeignOriginIs403AndChangesNothing() {
        int before = posts();
        TestResponse response = post("/posts/new", form("/posts/new", 0), "title=X&content=Y", "Origin", "https://evil.example");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("/problems/csrf");
        assertThat(posts()).isEqualTo(before);
    }

    @Test
    void crossSiteFetchMetadataAndNullOriginAre403() {
        int before = posts();
        ActionForm form = form("/posts/new", 0);
        assertThat(post("/posts/new", form, "title=X&content=Y", "Sec-Fetch-Site", "cross-site").status()).isEqualTo(403);
        assertThat(post("/posts/new", form, "title=X&content=Y", "Sec-Fetch-Site", "same-site").status()).isEqualTo(403);
        assertThat(post("/posts/new", form, "title=X&content=Y", "Origin", "null").status()).isEqualTo(403);
        assertThat(posts()).isEqualTo(before);
        assertThat(post("/posts/new", form, "title=X&content=Y", "Sec-Fetch-Site", "same-origin").status()).isEqualTo(303);
    }

    @Test
    void noOriginAndNoTokenOrAnotherSessionsTokenIs403() {
        int before = posts();
        ActionForm mine = form("/posts/new", 0);
        ActionForm theirs = form("/posts/new", 0);
        ActionForm noToken = mine.with(mine.action(), "", null);
        assertThat(post("/posts/new", noToken, "title=X&content=Y").status()).isEqualTo(403);
        ActionForm swapped = mine.with(mine.action(), theirs.csrf(), null);
        assertThat(post("/posts/new", swapped, "title=X&content=Y").status()).isEqualTo(403);
        assertThat(client.postForm("/posts/new", mine.body("title=X&content=Y")).status()).isEqualTo(403);
        assertThat(posts()).isEqualTo(before);
    }

    @Test
    void aTamperedBoundValueIs400AndDeletesNothing() {
        long id = new Posts(shop.shop().database().jdbi()).create("Keep me", "x").id();
        // An administrator, who may delete any post: the access check passes and the bound value is what is refused.
        Visitor admin = Members.signedIn(shop, Members.admin(shop));
        ActionForm delete = ActionForm.of(admin.get("/posts/" + id), 0);
        assertThat(delete.bound()).isNotNull();
        char[] chars = delete.bound().toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        TestResponse response = admin.post("/posts/" + id, delete.with(delete.action(), delete.csrf(), new String(chars)).body(""),
                "application/x-www-form-urlencoded");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asText()).isEqualTo("/problems/invalid-bound-args");
        assertThat(new Posts(shop.shop().database().jdbi()).find(id)).isPresent();
    }

    @Test
    void aBoundValueMintedForOneActionIsRefusedByAnother() {
        long id = new Posts(shop.shop().database().jdbi()).create("Bound elsewhere", "x").id();
        Visitor admin = Members.signedIn(shop, Members.admin(shop));
        ActionForm delete = ActionForm.of(admin.get("/posts/" + id), 0);
        ActionForm update = ActionForm.of(admin.get("/posts/" + id + "/edit"), 0);
        TestResponse response = admin.post("/posts/" + id, delete.with(delete.action(), delete.csrf(), update.bound()).body(""),
                "application/x-www-form-urlencoded");
        assertThat(response.status()).isEqualTo(400);
        assertThat(new Posts(shop.shop().database().jdbi()).find(id)).isPresent();
    }

    @Test
    void anUnknownActionIdIsOutOfDateNotA500() {
        ActionForm form = form("/posts/new", 0);
        ActionForm stale = form.with("AAAAAAAAAAAAAAAAAAAAAA", form.csrf(), null);
        TestResponse plain = post("/posts/new", stale, "title=X&content=Y");
        assertThat(plain.status()).isEqualTo(303);
        assertThat(plain.header("Location")).isEqualTo("/posts/new");
        assertThat(plain.header("X-Build-Id")).matches("[0-9a-f]{16}");
        TestResponse enhanced = post("/posts/new", stale, "title=X&content=Y", "Arbor-Enhanced", "1");
        assertThat(enhanced.status()).isEqualTo(409);
        assertThat(enhanced.json().get("type").asText()).isEqualTo("/problems/build-mismatch");
        assertThat(enhanced.header("Arbor-Reload")).isEqualTo("1");
        assertThat(enhanced.header("X-Build-Id")).isEqualTo(plain.header("X-Build-Id"));
        ActionForm malformed = form.with("../../etc", form.csrf(), null);
        assertThat(post("/posts/new", malformed, "").status()).isEqualTo(400);
        // The right length, a character outside base64url: malformed too, not "out of date".
        ActionForm rightLength = form.with("AAAAAAAAAAAAAAAAAAAA..", form.csrf(), null);
        assertThat(post("/posts/new", rightLength, "").status()).isEqualTo(400);
    }

    @Test
    void aFailedFormNeverSendsThePasswordBack() {
        TestResponse response = post("/signup", form("/signup", 0), "name=&email=pw%40example.com&password=hunter2hunter2");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("pw@example.com").doesNotContain("hunter2hunter2");
    }

    @Test
    void aTwoMegabyteActionBodyIs413AndChangesNothing() {
        int before = posts();
        TestResponse response = post("/posts/new", form("/posts/new", 0), "title=X&content=" + "y".repeat(2 * 1024 * 1024));
        assertThat(response.status()).isEqualTo(413);
        assertThat(posts()).isEqualTo(before);
    }

    @Test
    void aGetCarryingAnActionIdIs405AndRunsNothing() {
        int before = posts();
        ActionForm form = form("/posts/new", 0);
        TestResponse response = client.get("/posts/new?" + form.body("title=X&content=Y"), "Cookie", form.cookie());
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("POST");
        assertThat(posts()).isEqualTo(before);
    }

    @Test
    void everyHtmlResponseCarriesAFreshNonceAndTheSecurityHeaders() {
        TestResponse first = client.get("/posts");
        TestResponse second = client.get("/posts");
        String csp = first.header("Content-Security-Policy");
        assertThat(csp).contains("'strict-dynamic'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'");
        assertThat(csp).isNotEqualTo(second.header("Content-Security-Policy"));
        String nonce = csp.replaceAll(".*'nonce-([^']+)'.*", "$1");
        assertThat(nonce.length()).isGreaterThanOrEqualTo(22);
        assertThat(first.body()).contains("nonce=\"" + nonce + "\"");
        assertThat(first.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(first.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
        // The list has no form, so it needs no CSRF token and sets no session cookie; a page with a form does.
        assertThat(first.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("arbor_csrf="));
        assertThat(client.get("/posts/new").headers().allValues("Set-Cookie"))
                .anyMatch(c -> c.startsWith("arbor_csrf=") && c.contains("HttpOnly") && c.contains("SameSite=Lax"));
    }

    @Test
    void theClientRuntimeIsServedWithAHashedNameAndLongCaching() {
        String page = client.get("/posts").body();
        String src = page.replaceAll("(?s).*<script type=\"module\" src=\"([^\"]+)\".*", "$1");
        assertThat(src).matches("/_arbor/arbor-[0-9a-f]{12}\\.js");
        TestResponse script = client.get(src);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(script.body()).contains("Idiomorph", "data-arbor-action");
    }
}
