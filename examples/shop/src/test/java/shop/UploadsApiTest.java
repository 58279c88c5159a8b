package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.Multipart;
import dev.arbor.test.TestResponse;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Accounts;
import shop.data.Products;
import shop.data.Uploads;

@Tag("db")
class UploadsApiTest extends ShopTestSupport {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    /** The headers of a customer's API key: uploading needs a signed-in user. */
    private static String[] member;

    @BeforeAll
    static void aCustomer() {
        member = new String[] {"Authorization", Members.bearer(shop, Members.customer(shop))};
    }

    private static Multipart png() {
        return new Multipart().file("file", "a.png", "image/png", PNG);
    }

    private static long rows(String sql, Object... args) {
        return shop.shop().database().jdbi().withHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    @Test
    void anAnonymousUploadIs401AndStoresNothingThroughTheRouteOrTheAction() throws Exception {
        long before = shop.files("uploads");
        TestResponse route = client.postMultipart("/api/uploads", png());
        assertThat(route.status()).isEqualTo(401);
        assertThat(route.header("Content-Type")).isEqualTo("application/problem+json");

        Visitor anonymous = Members.anonymous(shop);
        TestResponse page = anonymous.get("/upload");
        assertThat(page.status()).as("the page sends a stranger to log in").isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/login?next=/upload");
        // The action refuses even a stranger who has the form: its id from a signed-in user's page, a token of their own.
        String actionId = ActionForm.of(Members.signedIn(shop, Members.customer(shop)).get("/upload"), 0).action();
        String csrf = ActionForm.of(anonymous.get("/posts/new"), 0).csrf();
        Multipart body = new Multipart().field("_action", actionId).field("_csrf", csrf)
                .file("image", "a.png", "image/png", PNG);
        TestResponse action = anonymous.send("POST", "/upload", HttpRequest.BodyPublishers.ofByteArray(body.bytes()),
                "Content-Type", body.contentType());
        assertThat(action.status()).isEqualTo(401);

        assertThat(shop.files("uploads")).isEqualTo(before);
        assertThat(shop.files("tmp")).isZero();
    }

    @Test
    void eachUserMayKeepTwentyFilesAndTheTwentyFirstIs413UploadQuota() throws Exception {
        Accounts.Account uploader = Members.customer(shop);
        String key = Members.bearer(shop, uploader);
        for (int i = 0; i < 20; i++) {
            assertThat(client.postMultipart("/api/uploads", png(), "Authorization", key).status()).as("upload " + (i + 1)).isEqualTo(201);
        }
        long before = shop.files("uploads");
        TestResponse refused = client.postMultipart("/api/uploads", png(), "Authorization", key);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.json().get("type").asText()).isEqualTo("/problems/upload-quota");
        assertThat(refused.json().get("detail").asText())
                .isEqualTo("You have reached your upload quota (20 files, 20 MiB); uploads you no longer use are removed after 30 days");
        assertThat(shop.files("uploads")).isEqualTo(before);
        assertThat(shop.files("tmp")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM uploads WHERE owner_id = ?", uploader.id())).isEqualTo(20);

        assertThat(client.postMultipart("/api/uploads", png(), member).status()).as("another user's quota is their own").isEqualTo(201);
    }

    @Test
    void theQuotaCountsBytesToo() throws Exception {
        Accounts.Account uploader = Members.customer(shop);
        String key = Members.bearer(shop, uploader);
        // 20 MiB less 10 bytes already kept: a 16-byte image goes over.
        shop.shop().database().jdbi().useHandle(h -> h.createUpdate(
                        "INSERT INTO uploads (name, owner_id, size_bytes) VALUES ('0123456789abcdef0123456789abcdef.png', :owner, :size)")
                .bind("owner", uploader.id()).bind("size", 20L * 1024 * 1024 - 10).execute());
        TestResponse refused = client.postMultipart("/api/uploads", png(), "Authorization", key);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json().get("type").asText()).isEqualTo("/problems/upload-quota");
    }

    @Test
    void theSweepDeletesUploadsThatNoProductShowsOnceTheyAreThirtyDaysOld() throws Exception {
        Accounts.Account uploader = Members.customer(shop);
        String key = Members.bearer(shop, uploader);
        String shown = client.postMultipart("/api/uploads", png(), "Authorization", key).json().get("url").asText();
        String unused = client.postMultipart("/api/uploads", png(), "Authorization", key).json().get("url").asText();
        new Products(shop.shop().database().jdbi()).setImage(7, shown);
        Uploads uploads = shop.shop().uploads();

        uploads.sweep(Instant.now().plus(Duration.ofDays(29)));
        assertThat(client.get(unused).status()).as("not old enough yet").isEqualTo(200);
        assertThat(rows("SELECT COUNT(*) FROM uploads WHERE owner_id = ?", uploader.id())).isEqualTo(2);

        assertThat(uploads.sweep(Instant.now().plus(Duration.ofDays(31)))).isGreaterThanOrEqualTo(1);
        assertThat(client.get(unused).status()).isEqualTo(404);
        assertThat(client.get(shown).status()).as("a product shows it").isEqualTo(200);
        assertThat(rows("SELECT COUNT(*) FROM uploads WHERE owner_id = ?", uploader.id())).as("its quota freed").isEqualTo(1);
    }

    @Test
    void anImageIsStoredUnderARandomNameAndServedBack() throws Exception {
        var response = client.postMultipart("/api/uploads", new Multipart().file("file", "../../etc/passwd", "image/png", PNG), member);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String url = response.json().get("url").asText();
        assertThat(url).matches("/uploads/[0-9a-f]{32}\\.png");
        assertThat(response.header("Location")).isEqualTo(url);
        var served = client.get(url);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Type")).isEqualTo("image/png");
        assertThat(served.header("Cache-Control")).contains("immutable");
        assertThat(served.bytes()).isEqualTo(PNG);
        assertThat(shop.files("tmp")).isZero();
    }

    @Test
    void aFileThatIsNotAnImageAnswers415WhateverItClaims() throws Exception {
        long before = shop.files("uploads");
        var response = client.postMultipart("/api/uploads",
                new Multipart().file("file", "evil.png", "image/png", "<script>alert(1)</script>".getBytes()), member);
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.json().get("detail").asText()).isEqualTo("Only PNG, JPEG, GIF or WebP images are accepted");
        assertThat(shop.files("uploads")).isEqualTo(before);
        assertThat(shop.files("tmp")).isZero();
    }

    @Test
    void aThreeMegabyteFileOverTheOneMegabyteLimitAnswers413() throws Exception {
        long before = shop.files("uploads");
        byte[] big = new byte[3 * 1024 * 1024];
        System.arraycopy(PNG, 0, big, 0, PNG.length);
        var response = client.postMultipart("/api/uploads", new Multipart().file("file", "big.png", "image/png", big), member);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(shop.files("uploads")).isEqualTo(before);
        assertThat(shop.files("tmp")).isZero();
    }

    @Test
    void anUploadWithoutTheFileFieldAnswers400() {
        var response = client.postMultipart("/api/uploads", new Multipart().field("title", "no file"), member);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isEqualTo("Send the image as multipart/form-data in the field 'file'");
    }

    @Test
    void onlyNamesTheShopHandedOutAreServed() {
        assertThat(client.get("/uploads/passwd").status()).isEqualTo(404);
        assertThat(client.get("/uploads/..%2F..%2Fpom.xml").status()).isIn(400, 404);
        assertThat(client.get("/uploads/00000000000000000000000000000000.png").status()).isEqualTo(404);
    }
}
