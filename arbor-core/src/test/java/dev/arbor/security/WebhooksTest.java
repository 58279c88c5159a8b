package dev.arbor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.arbor.HttpError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhooksTest {
    /** The expected signature, computed here from the documented formula, never by the code under test. */
    static byte[] hmacSha256(byte[] key, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    }

    static Clock clockAt(long unixSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC);
    }

    /** Runs {@code call} and asserts it failed with exactly an {@link HttpError} of the given status. */
    static HttpError rejection(int status, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isExactlyInstanceOf(HttpError.class);
        HttpError error = (HttpError) thrown;
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.type()).isEqualTo("webhook-signature");
        return error;
    }

    @Nested
    class Stripe {
        static final String SECRET = "whsec_test_secret";
        static final long T = 1_700_000_000L;
        static final String BODY = "{\"id\":\"evt_1\",\"object\":\"event\"}";
        static final Clock NOW = clockAt(T);

        static String v1(String secret, long t, String body) throws Exception {
            return HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), t + "." + body));
        }

        static byte[] body() {
            return BODY.getBytes(StandardCharsets.UTF_8);
        }

        static void verify(byte[] body, String header, Clock clock) {
            Webhooks.stripe(body, header, SECRET, Duration.ofSeconds(300), clock);
        }

        @Test
        void aFixedVectorSignedWithStripesFormulaIsAccepted() throws Exception {
            String header = "t=" + T + ",v1=" + v1(SECRET, T, BODY);
            assertThatCode(() -> verify(body(), header, NOW)).doesNotThrowAnyException();
        }

        @Test
        void theSigningHelperBuildsTheHeaderStripeWouldSend() {
            // Pinned from an independent implementation (Python's hmac module) of the same formula.
            assertThat(Webhooks.stripeSignature(SECRET, T, body()))
                    .isEqualTo("t=1700000000,v1=0c8670ed117751cc551a20e35839447075c42800ea3cf3e8a2fbda99cd1e6edd");
        }

        @Test
        void aBodyChangedByOneByteIsRejected() throws Exception {
            String header = "t=" + T + ",v1=" + v1(SECRET, T, BODY);
            byte[] tampered = body();
            tampered[tampered.length - 2] ^= 1;
            rejection(400, () -> verify(tampered, header, NOW));
        }

        @Test
        void aBodyReserializedWithOtherWhitespaceIsRejected() throws Exception {
            String header = "t=" + T + ",v1=" + v1(SECRET, T, BODY);
            byte[] reserialized = "{\"id\": \"evt_1\", \"object\": \"event\"}".getBytes(StandardCharsets.UTF_8);
            rejection(400, () -> verify(reserialized, header, NOW));
        }

        @Test
        void aSignatureMadeWithAnotherSecretIsRejected() throws Exception {
            String header = "t=" + T + ",v1=" + v1("whsec_other", T, BODY);
            rejection(400, () -> verify(body(), header, NOW));
        }

        @Test
        void aTimestamp301SecondsInThePastIsRejected() throws Exception {
            long t = T - 301;
            String header = "t=" + t + ",v1=" + v1(SECRET, t, BODY);
            assertThat(rejection(400, () -> verify(body(), header, NOW)).detail()).contains("timestamp outside the tolerance");
        }

        @Test
        void aTimestamp301SecondsInTheFutureIsRejected() throws Exception {
            long t = T + 301;
            String header = "t=" + t + ",v1=" + v1(SECRET, t, BODY);
            assertThat(rejection(400, () -> verify(body(), header, NOW)).detail()).contains("timestamp outside the tolerance");
        }

        @Test
        void aTimestamp299SecondsOffEitherWayIsAccepted() throws Exception {
            for (long t : new long[] {T - 299, T + 299}) {
                String header = "t=" + t + ",v1=" + v1(SECRET, t, BODY);
                assertThatCode(() -> verify(body(), header, NOW)).doesNotThrowAnyException();
            }
        }

        @Test
        void theDefaultToleranceIsFiveMinutes() {
            assertThat(Webhooks.DEFAULT_TOLERANCE).isEqualTo(Duration.ofSeconds(300));
        }

        @Test
        void aHeaderWithOnlyAV0SignatureIsRejectedAsADowngrade() throws Exception {
            // Even a v0 value that is the right HMAC must not be accepted in place of v1.
            String header = "t=" + T + ",v0=" + v1(SECRET, T, BODY);
            rejection(400, () -> verify(body(), header, NOW));
        }

        @Test
        void twoV1ValuesWhereOnlyTheSecondMatchesAreAcceptedForASecretRoll() throws Exception {
            String header = "t=" + T + ",v1=" + v1("whsec_old_secret", T, BODY) + ",v1=" + v1(SECRET, T, BODY);
            assertThatCode(() -> verify(body(), header, NOW)).doesNotThrowAnyException();
        }

        @Test
        void v0AndUnknownSchemesBesideAMatchingV1AreIgnored() throws Exception {
            String header = "t=" + T + ",v0=deadbeef,v9=zz,v1=" + v1(SECRET, T, BODY);
            assertThatCode(() -> verify(body(), header, NOW)).doesNotThrowAnyException();
        }

        @Test
        void aSignedTimestampCannotBeSwappedForAFreshOne() throws Exception {
            String header = "t=" + (T + 60) + ",v1=" + v1(SECRET, T, BODY);
            rejection(400, () -> verify(body(), header, NOW));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @NullSource
        @ValueSource(strings = {
            "", " ", "garbage", "t=abc,v1=00", "t=1700000000", "t=1700000000,v0=00", "v1=00",
            "t=,v1=00", "t=-1,v1=00", "t=1e9,v1=00", "t=99999999999999999999,v1=00", "t=1700000000,v1=",
            "t=1700000000,v1=zz", "t=1700000000,v1=0", "t=1700000000,t=1700000000,v1=00", ",,,", "=",
            "t=1700000000;v1=00"
        })
        void aMissingOrMalformedHeaderIsA400AndNeverAnotherException(String header) {
            rejection(400, () -> verify(body(), header, NOW));
        }

        @Test
        void theShortFormUsesTheSystemClock() {
            long now = Instant.now().getEpochSecond();
            String header = Webhooks.stripeSignature(SECRET, now, body());
            assertThatCode(() -> Webhooks.stripe(body(), header, SECRET)).doesNotThrowAnyException();
        }

        @Test
        void aMissingSecretIsASetupErrorNotAClientError() {
            assertThat(catchThrowable(() -> Webhooks.stripe(body(), "t=1,v1=00", "", Duration.ofMinutes(5), NOW)))
                    .isExactlyInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class GitHub {
        // GitHub's documented example: this secret and payload give this signature.
        static final String SECRET = "It's a Secret to Everybody";
        static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        static final String DOCUMENTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        @Test
        void githubsDocumentedExampleIsAccepted() {
            assertThatCode(() -> Webhooks.github(BODY, DOCUMENTED, SECRET)).doesNotThrowAnyException();
        }

        @Test
        void aSha256SignatureComputedFromTheFormulaIsAccepted() throws Exception {
            String header = "sha256=" + HexFormat.of().formatHex(hmacSha256(SECRET.getBytes(StandardCharsets.UTF_8), "Hello, World!"));
            assertThatCode(() -> Webhooks.github(BODY, header, SECRET)).doesNotThrowAnyException();
        }

        @Test
        void theSigningHelperBuildsTheDocumentedHeader() {
            assertThat(Webhooks.githubSignature(SECRET, BODY)).isEqualTo(DOCUMENTED);
        }

        @Test
        void onlyASha1SignatureIsA401() throws Exception {
            Mac sha1 = Mac.getInstance("HmacSHA1");
            sha1.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String header = "sha1=" + HexFormat.of().formatHex(sha1.doFinal(BODY));
            rejection(401, () -> Webhooks.github(BODY, header, SECRET));
        }

        @Test
        void aMissingSha256HeaderIsA401() {
            rejection(401, () -> Webhooks.github(BODY, null, SECRET));
        }

        @Test
        void aWrongSecretIsA401() {
            rejection(401, () -> Webhooks.github(BODY, DOCUMENTED, "another secret"));
        }

        @Test
        void aTamperedBodyIsA401() {
            rejection(401, () -> Webhooks.github("Hello, World?".getBytes(StandardCharsets.UTF_8), DOCUMENTED, SECRET));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @ValueSource(strings = {"", "sha256=", "sha256=zz", "sha256=abc", "SHA256=757107ea", "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})
        void aMalformedHeaderIsA401AndNeverAnotherException(String header) {
            rejection(401, () -> Webhooks.github(BODY, header, SECRET));
        }
    }

    @Nested
    class StandardWebhooks {
        // The example in the Standard Webhooks specification.
        static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        static final String TIMESTAMP = "1614265330";
        static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        static final Clock NOW = clockAt(1_614_265_330L);

        static void verify(byte[] body, String id, String timestamp, String signature, Clock clock) {
            Webhooks.standard(body, id, timestamp, signature, SECRET, Duration.ofMinutes(5), clock);
        }

        static String v1(long timestamp) throws Exception {
            byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
            String content = ID + "." + timestamp + "." + new String(BODY, StandardCharsets.UTF_8);
            return "v1," + Base64.getEncoder().encodeToString(hmacSha256(key, content));
        }

        @Test
        void theSpecsExampleVectorIsAccepted() {
            assertThatCode(() -> verify(BODY, ID, TIMESTAMP, SIGNATURE, NOW)).doesNotThrowAnyException();
        }

        @Test
        void theSpecsExampleVectorFollowsTheDocumentedFormula() throws Exception {
            assertThat(v1(1_614_265_330L)).isEqualTo(SIGNATURE);
        }

        @Test
        void theSigningHelperReproducesTheSpecsExample() {
            assertThat(Webhooks.standardSignature(SECRET, ID, 1_614_265_330L, BODY)).isEqualTo(SIGNATURE);
        }

        @Test
        void aStaleV1FollowedByTheValidOneIsAccepted() {
            String stale = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
            assertThatCode(() -> verify(BODY, ID, TIMESTAMP, stale + " " + SIGNATURE, NOW)).doesNotThrowAnyException();
        }

        @Test
        void otherVersionsBesideAValidV1AreIgnored() {
            String list = "v1a,bm9wZQ== v2,abc " + SIGNATURE;
            assertThatCode(() -> verify(BODY, ID, TIMESTAMP, list, NOW)).doesNotThrowAnyException();
        }

        @Test
        void aTimestampFiveMinutesAndOneSecondInThePastIsRejected() throws Exception {
            long t = 1_614_265_330L - 301;
            assertThat(rejection(400, () -> verify(BODY, ID, Long.toString(t), v1(t), NOW)).detail())
                    .contains("timestamp outside the tolerance");
        }

        @Test
        void aTimestampFiveMinutesAndOneSecondInTheFutureIsRejected() throws Exception {
            long t = 1_614_265_330L + 301;
            assertThat(rejection(400, () -> verify(BODY, ID, Long.toString(t), v1(t), NOW)).detail())
                    .contains("timestamp outside the tolerance");
        }

        @Test
        void theSpecsExampleIsRejectedFiveMinutesAndOneSecondLater() {
            rejection(400, () -> verify(BODY, ID, TIMESTAMP, SIGNATURE, clockAt(1_614_265_330L + 301)));
        }

        @Test
        void aTamperedBodyIsRejected() {
            byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
            rejection(400, () -> verify(tampered, ID, TIMESTAMP, SIGNATURE, NOW));
        }

        @Test
        void anotherMessageIdIsRejected() {
            rejection(400, () -> verify(BODY, "msg_other", TIMESTAMP, SIGNATURE, NOW));
        }

        @Test
        void aMissingHeaderIsRejected() {
            rejection(400, () -> verify(BODY, null, TIMESTAMP, SIGNATURE, NOW));
            rejection(400, () -> verify(BODY, ID, null, SIGNATURE, NOW));
            rejection(400, () -> verify(BODY, ID, TIMESTAMP, null, NOW));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @ValueSource(strings = {"", "garbage", "v1", "v1,", "v1,!!!", "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", ",v1", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="})
        void aMalformedSignatureHeaderIsA400AndNeverAnotherException(String signature) {
            rejection(400, () -> verify(BODY, ID, TIMESTAMP, signature, NOW));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @ValueSource(strings = {"", "abc", "-1614265330", "1614265330.0", "99999999999999999999"})
        void aMalformedTimestampIsA400AndNeverAnotherException(String timestamp) {
            rejection(400, () -> verify(BODY, ID, timestamp, SIGNATURE, NOW));
        }

        @Test
        void aSecretThatIsNotBase64IsASetupErrorNotAClientError() {
            assertThat(catchThrowable(() -> Webhooks.standard(BODY, ID, TIMESTAMP, SIGNATURE, "whsec_not*base64", Duration.ofMinutes(5), NOW)))
                    .isExactlyInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void signaturesAreComparedWithMessageDigestIsEqual() throws Exception {
        // SECURITY.md item 20 asks for this by name; timing cannot be asserted reliably, so the source is checked.
        String source = Files.readString(Path.of("src/main/java/dev/arbor/security/Webhooks.java"));
        assertThat(source).contains("MessageDigest.isEqual(expected, actual)").doesNotContain("Arrays.equals");
    }
}
