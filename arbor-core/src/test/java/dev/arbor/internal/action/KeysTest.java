package dev.arbor.internal.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.HttpError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {
    private static final String ACTION = "shop.PostActions#createPost(shop.PostForm)";
    private final byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final byte[] newSecret = "a newer secret, also 32 bytes long!".getBytes(StandardCharsets.UTF_8);
    private final Keys keys = dev.arbor.internal.action.TestKeys.of(secret);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T12:00:00Z"));

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private Keys ring(byte[] current, Keys.Previous... previous) {
        return new Keys(current, List.of(previous), Duration.ofHours(24), clock);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void assertRefused(Runnable open, int status, String type) {
        assertThatThrownBy(open::run).isInstanceOfSatisfying(HttpError.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.type()).isEqualTo(type);
        });
    }

    @Test
    void actionIdsAreStableForOneSecretAndDifferForAnother() {
        String id = keys.actionId(ACTION);
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(dev.arbor.internal.action.TestKeys.of(secret.clone()).actionId(ACTION)).isEqualTo(id);
        assertThat(dev.arbor.internal.action.TestKeys.of(Keys.randomSecret()).actionId(ACTION)).isNotEqualTo(id);
        assertThat(keys.actionId("shop.PostActions#createPost(shop.Other)")).isNotEqualTo(id);
    }

    @Test
    void aSealedValueOpensForItsActionOnly() {
        String sealed = keys.seal("action-a", bytes("[42]"));
        assertThat(text(keys.open("action-a", sealed))).isEqualTo("[42]");
        assertRefused(() -> keys.open("action-b", sealed), 400, "invalid-bound-args");
    }

    @Test
    void oneFlippedByteIsRefused() {
        String sealed = keys.seal("action-a", bytes("[42]"));
        byte[] raw = Base64.getUrlDecoder().decode(sealed);
        for (int i = 0; i < raw.length; i++) {
            byte[] tampered = Arrays.copyOf(raw, raw.length);
            tampered[i] ^= 1;
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            // Bytes 1-4 name the key: flipped, they name a key the ring does not hold, which reads as out of date.
            boolean keyId = i >= 1 && i <= 4;
            assertRefused(() -> keys.open("action-a", forged), keyId ? 409 : 400, keyId ? "expired-form" : "invalid-bound-args");
        }
    }

    @Test
    void garbageAndOtherSecretsAreRefused() {
        assertRefused(() -> keys.open("a", "not base64 !"), 400, "invalid-bound-args");
        assertRefused(() -> keys.open("a", ""), 400, "invalid-bound-args");
        String sealed = dev.arbor.internal.action.TestKeys.of(Keys.randomSecret()).seal("a", new byte[] {1});
        assertThatThrownBy(() -> keys.open("a", sealed)).isInstanceOf(HttpError.class);
    }

    @Test
    void aBlobSealedWithAKeyRetiredFromTheRingIsRefused() {
        String sealed = ring(secret).seal("action-a", bytes("[42]"));
        Keys rotated = ring(newSecret, new Keys.Previous(secret, clock.instant().plus(Duration.ofDays(2))));
        assertThat(text(rotated.open("action-a", sealed))).isEqualTo("[42]");
        Keys retired = ring(newSecret);
        assertRefused(() -> retired.open("action-a", sealed), 409, "expired-form");
    }

    @Test
    void aBlobSealedWithThePreviousKeyOpensInsideTheRotationWindowAndNotAfter() {
        String old = ring(secret).seal("action-a", bytes("[42]"));
        Keys rotated = ring(newSecret, new Keys.Previous(secret, clock.instant().plus(Duration.ofHours(1))));
        assertThat(text(rotated.open("action-a", old))).isEqualTo("[42]");
        assertThat(rotated.sealedWithPreviousKey(old)).isTrue();
        String fresh = rotated.seal("action-a", bytes("[43]"));
        assertThat(rotated.sealedWithPreviousKey(fresh)).as("sealing uses the current key").isFalse();
        assertRefused(() -> ring(secret).open("action-a", fresh), 409, "expired-form");

        clock.advance(Duration.ofHours(1));
        assertRefused(() -> rotated.open("action-a", old), 409, "expired-form");
        assertThat(text(rotated.open("action-a", fresh))).isEqualTo("[43]");
    }

    @Test
    void anExpiredBlobIsRefused() {
        Keys ring = ring(secret);
        String sealed = ring.seal("action-a", bytes("[42]"));
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(text(ring.open("action-a", sealed))).isEqualTo("[42]");
        clock.advance(Duration.ofSeconds(1));
        assertRefused(() -> ring.open("action-a", sealed), 409, "expired-form");
        String session = ring.seal("arbor/session", bytes("{}"), Duration.ofDays(7));
        clock.advance(Duration.ofDays(7));
        assertRefused(() -> ring.open("arbor/session", session), 409, "expired-form");
    }

    @Test
    void theExpiryIsAuthenticatedNotJustReadable() {
        Keys ring = ring(secret);
        byte[] raw = Base64.getUrlDecoder().decode(ring.seal("action-a", bytes("[42]")));
        ByteBuffer.wrap(raw).putLong(5, clock.instant().plus(Duration.ofDays(365)).getEpochSecond());
        String extended = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertRefused(() -> ring.open("action-a", extended), 400, "invalid-bound-args");
    }

    @Test
    void twoInstancesWithTheSameRingAcceptEachOthersWork() {
        Instant until = clock.instant().plus(Duration.ofDays(1));
        Keys a = ring(newSecret.clone(), new Keys.Previous(secret.clone(), until));
        Keys b = ring(newSecret.clone(), new Keys.Previous(secret.clone(), until));
        assertThat(a.actionId(ACTION)).isEqualTo(b.actionId(ACTION));
        assertThat(a.acceptedActionIds(ACTION)).isEqualTo(b.acceptedActionIds(ACTION));
        assertThat(text(b.open(a.actionId(ACTION), a.seal(a.actionId(ACTION), bytes("[1]"))))).isEqualTo("[1]");
        assertThat(text(a.open("arbor/session", b.seal("arbor/session", bytes("{}"), Duration.ofDays(7))))).isEqualTo("{}");
        assertThat(b.acceptsCsrfToken("session-a", a.csrfToken("session-a"))).isTrue();
        assertThat(text(b.open("arbor/flash/x", a.seal("arbor/flash/x", bytes("hello"), Duration.ofMinutes(2))))).isEqualTo("hello");
    }

    @Test
    void idsTokensAndSignaturesOfThePreviousKeyAreAcceptedInsideTheWindowOnly() {
        Keys before = ring(secret);
        String oldId = before.actionId(ACTION);
        String oldToken = before.csrfToken("session-a");
        String oldFlash = before.seal("arbor/flash/x", bytes("hello"), Duration.ofDays(1));
        Keys rotated = ring(newSecret, new Keys.Previous(secret, clock.instant().plus(Duration.ofHours(1))));
        assertThat(rotated.actionId(ACTION)).as("ids are made with the current key").isNotEqualTo(oldId);
        Instant until = clock.instant().plus(Duration.ofHours(1));
        assertThat(rotated.acceptedActionIds(ACTION)).containsExactly(
                java.util.Map.entry(rotated.actionId(ACTION), Instant.MAX), java.util.Map.entry(oldId, until));
        assertThat(rotated.acceptedActionIds("shop.Other#action()")).doesNotContainKey(oldId);
        assertThat(rotated.stillAccepted(until)).isTrue();
        assertThat(rotated.acceptsCsrfToken("session-a", oldToken)).isTrue();
        assertThat(rotated.acceptsCsrfToken("session-a", rotated.csrfToken("session-a"))).isTrue();
        assertThat(rotated.acceptsCsrfToken("session-b", oldToken)).as("another session's token").isFalse();
        assertThat(text(rotated.open("arbor/flash/x", oldFlash))).isEqualTo("hello");

        clock.advance(Duration.ofHours(1));
        assertThat(rotated.acceptedActionIds(ACTION)).containsOnlyKeys(rotated.actionId(ACTION));
        assertThat(rotated.stillAccepted(until)).isFalse();
        assertThat(rotated.acceptsCsrfToken("session-a", oldToken)).isFalse();
        assertThat(rotated.acceptsCsrfToken("session-a", rotated.csrfToken("session-a"))).isTrue();
        assertThatThrownBy(() -> rotated.open("arbor/flash/x", oldFlash)).isInstanceOf(dev.arbor.HttpError.class);
    }

    @Test
    void theSameSecretTwiceOrAShortOneIsAConfigurationError() {
        Instant until = clock.instant().plus(Duration.ofDays(1));
        assertThatThrownBy(() -> ring(secret, new Keys.Previous(secret.clone(), until)))
                .hasMessage("the key ring holds the same secret twice");
        assertThatThrownBy(() -> ring(newSecret, new Keys.Previous(new byte[31], until)))
                .hasMessage("an app secret must have at least 32 bytes");
    }

    @Test
    void csrfTokensDifferPerSession() {
        assertThat(keys.csrfToken("session-a")).isNotEqualTo(keys.csrfToken("session-b")).isEqualTo(keys.csrfToken("session-a"));
    }
}
