package dev.arbor.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.arbor.HttpError;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Fuzz targets for the signature-header parsers of {@link Webhooks}. Each input is header lines, a blank line,
 * then the body, so corpus files read like the deliveries they stand for. A forged delivery is refused with
 * the documented 400 (Stripe, Standard Webhooks) or 401 (GitHub) and nothing else; a genuine one still passes.
 */
class WebhooksFuzzTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final Duration TOLERANCE = Webhooks.DEFAULT_TOLERANCE;

    @FuzzTest
    void stripe(byte[] input) {
        Delivery delivery = Delivery.of(input);
        refusedWith(400, () -> Webhooks.stripe(delivery.body, delivery.header(0), SECRET, TOLERANCE, CLOCK), delivery);
        Webhooks.stripe(delivery.body, Webhooks.stripeSignature(SECRET, NOW, delivery.body), SECRET, TOLERANCE, CLOCK);
    }

    @FuzzTest
    void github(byte[] input) {
        Delivery delivery = Delivery.of(input);
        refusedWith(401, () -> Webhooks.github(delivery.body, delivery.header(0), SECRET), delivery);
        Webhooks.github(delivery.body, Webhooks.githubSignature(SECRET, delivery.body), SECRET);
    }

    /** Header lines: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}. */
    @FuzzTest
    void standard(byte[] input) {
        Delivery delivery = Delivery.of(input);
        refusedWith(400, () -> Webhooks.standard(delivery.body, delivery.header(0), delivery.header(1), delivery.header(2),
                SECRET, TOLERANCE, CLOCK), delivery);
        String id = delivery.header(0) == null || delivery.header(0).isBlank() ? "msg_1" : delivery.header(0);
        Webhooks.standard(delivery.body, id, Long.toString(NOW), Webhooks.standardSignature(SECRET, id, NOW, delivery.body),
                SECRET, TOLERANCE, CLOCK);
    }

    /**
     * A fuzzed header may only be refused with {@code status}. It is accepted only if it really carries the
     * HMAC of the body, which random mutation does not find; an acceptance is therefore reported as a finding.
     */
    private static void refusedWith(int status, Runnable verify, Delivery delivery) {
        try {
            verify.run();
            throw new AssertionError("accepted a delivery the test did not sign: " + delivery);
        } catch (HttpError refused) {
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.type()).isEqualTo("webhook-signature");
        }
    }

    /** Header values and body of one fuzzed delivery. */
    private record Delivery(String[] headers, byte[] body) {
        static Delivery of(byte[] input) {
            int end = indexOf(input, new byte[] {'\n', '\n'});
            String head = new String(input, 0, end, StandardCharsets.UTF_8);
            byte[] body = end + 2 <= input.length ? Arrays.copyOfRange(input, end + 2, input.length) : new byte[0];
            return new Delivery(head.split("\n", -1), body);
        }

        String header(int index) {
            return index < headers.length ? headers[index] : null;
        }

        @Override
        public String toString() {
            return Arrays.toString(headers) + " " + new String(body, StandardCharsets.UTF_8);
        }

        private static int indexOf(byte[] bytes, byte[] wanted) {
            outer:
            for (int i = 0; i + wanted.length <= bytes.length; i++) {
                for (int j = 0; j < wanted.length; j++) {
                    if (bytes[i + j] != wanted[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return bytes.length;
        }
    }
}
