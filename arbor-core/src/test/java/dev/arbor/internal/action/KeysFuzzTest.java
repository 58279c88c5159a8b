package dev.arbor.internal.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.arbor.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzz target for the sealed bound-argument envelope (the flash cookie's is {@code HttpFuzzTest.flashCookie}). Every call into
 * {@link Keys} for sealing goes through the three small helpers at the bottom, so a change to how keys are built touches them only.
 */
class KeysFuzzTest {
    private static final String ACTION = "AAAAAAAAAAAAAAAAAAAAAA";

    /**
     * Whatever a client sends as {@code _bound}, only a refusal comes back: 400 {@code invalid-bound-args}, or 409
     * {@code expired-form} when the envelope names a key the ring does not hold (the key id cannot be authenticated
     * without the key, so an unknown one reads as a form from before a rotation).
     */
    @FuzzTest
    void boundEnvelope(byte[] input) {
        String sealed = new String(input, StandardCharsets.ISO_8859_1);
        try {
            open(KEYS, ACTION, sealed);
            throw new AssertionError("a value the app never sealed was opened: " + sealed);
        } catch (HttpError refused) {
            assertThat(refused.status() + " " + refused.type()).isIn("400 invalid-bound-args", "409 expired-form");
        }
        // A value the app did seal opens for its own action only, and not after any one byte changes. It is sealed
        // under another secret: the fuzzer learns the strings a target compares, and would replay it as a "forgery".
        String real = seal(ROUNDTRIP, ACTION, input);
        assertThat(open(ROUNDTRIP, ACTION, real)).isEqualTo(input);
        assertThatThrownBy(() -> open(ROUNDTRIP, "BBBBBBBBBBBBBBBBBBBBBB", real)).isInstanceOf(HttpError.class);
        if (input.length > 0) {
            char[] tampered = real.toCharArray();
            int at = (input[0] & 0xff) % tampered.length;
            tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
            String altered = new String(tampered); // always differs: the character was toggled
            // Base64 has slack bits in its last character; a change there may still decode to the same bytes.
            try {
                assertThat(open(ROUNDTRIP, ACTION, altered)).isEqualTo(input);
                assertThat(at).isEqualTo(tampered.length - 1);
            } catch (HttpError refused) {
                assertThat(refused.status()).isIn(400, 409);
            }
        }
    }

    private static final Keys KEYS = keys("the fuzzed app's secret");
    private static final Keys ROUNDTRIP = keys("round trips only");

    // The only places that build or call Keys for sealing: a change to how keys are made touches these three.

    private static Keys keys(String secret) {
        return dev.arbor.internal.action.TestKeys.of(Arrays.copyOf(secret.getBytes(StandardCharsets.US_ASCII), 32));
    }

    private static String seal(Keys keys, String actionId, byte[] plain) {
        return keys.seal(actionId, plain);
    }

    private static byte[] open(Keys keys, String actionId, String sealed) {
        return keys.open(actionId, sealed);
    }
}
