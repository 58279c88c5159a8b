package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.Multipart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("db")
class UploadsApiTest extends ShopTestSupport {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    @Test
    void anImageIsStoredUnderARandomNameAndServedBack() throws Exception {
        var response = client.postMultipart("/api/uploads", new Multipart().file("file", "../../etc/passwd", "image/png", PNG));
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
                new Multipart().file("file", "evil.png", "image/png", "<script>alert(1)</script>".getBytes()));
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
        var response = client.postMultipart("/api/uploads", new Multipart().file("file", "big.png", "image/png", big));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(shop.files("uploads")).isEqualTo(before);
        assertThat(shop.files("tmp")).isZero();
    }

    @Test
    void anUploadWithoutTheFileFieldAnswers400() {
        var response = client.postMultipart("/api/uploads", new Multipart().field("title", "no file"));
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
