package dev.arbor.internal.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeysTest {
    private final byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final Keys keys = new Keys(secret);

    @Test
    void actionIdsAreStableForOneSecretAndDifferForAnother() {
        String id = keys.actionId("shop.PostActions#createPost(shop.PostForm)");
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(new Keys(secret.clone()).actionId("shop.PostActions#createPost(shop.PostForm)")).isEqualTo(id);
        assertThat(new Keys(Keys.randomSecret()).actionId("shop.PostActions#createPost(shop.PostForm)")).isNotEqualTo(id);
        assertThat(keys.actionId("shop.PostActions#createPost(shop.Other)")).isNotEqualTo(id);
    }

    @Test
    void aSealedValueOpensForItsActionOnly() {
        String sealed = keys.seal("action-a", "[42]".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(keys.open("action-a", sealed), StandardCharsets.UTF_8)).isEqualTo("[42]");
        assertThatThrownBy(() -> keys.open("action-b", sealed))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.type()).isEqualTo("invalid-bound-args"));
    }

    @Test
    void oneFlippedByteIsRefused() {
        String sealed = keys.seal("action-a", "[42]".getBytes(StandardCharsets.UTF_8));
        byte[] raw = Base64.getUrlDecoder().decode(sealed);
        for (int i = 0; i < raw.length; i++) {
            byte[] tampered = Arrays.copyOf(raw, raw.length);
            tampered[i] ^= 1;
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThatThrownBy(() -> keys.open("action-a", forged)).isInstanceOf(HttpError.class);
        }
    }

    @Test
    void garbageAndOtherSecretsAreRefused() {
        assertThatThrownBy(() -> keys.open("a", "not base64 !")).isInstanceOf(HttpError.class);
        assertThatThrownBy(() -> keys.open("a", "")).isInstanceOf(HttpError.class);
        String sealed = new Keys(Keys.randomSecret()).seal("a", new byte[] {1});
        assertThatThrownBy(() -> keys.open("a", sealed)).isInstanceOf(HttpError.class);
    }

    @Test
    void signedValuesVerifyAndTamperedOnesDoNot() {
        String signed = keys.sign("flash", "hello");
        assertThat(keys.verify("flash", signed)).isEqualTo("hello");
        assertThat(keys.verify("other", signed)).isNull();
        assertThat(keys.verify("flash", "hellO" + signed.substring(5))).isNull();
        assertThat(keys.verify("flash", "no-dot")).isNull();
    }

    @Test
    void csrfTokensDifferPerSession() {
        assertThat(keys.csrfToken("session-a")).isNotEqualTo(keys.csrfToken("session-b")).isEqualTo(keys.csrfToken("session-a"));
    }
}
