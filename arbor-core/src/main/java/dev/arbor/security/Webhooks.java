package dev.arbor.security;

import dev.arbor.HttpError;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the HMAC-SHA256 signature of an incoming webhook: Stripe's {@code Stripe-Signature}, GitHub's
 * {@code X-Hub-Signature-256}, and the Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}). Each verifier returns normally when the delivery is authentic and throws an
 * {@link HttpError} of type {@code webhook-signature} when it is not, so a route can call it first and go on.
 *
 * <p>Pass the body exactly as it arrived. A body parsed and written back out (other whitespace, other key
 * order) no longer matches its signature. Signatures are compared in constant time with
 * {@link MessageDigest#isEqual}. A timestamp check stops an old delivery from being replayed later, but not
 * inside the tolerance window, so a handler with side effects should still drop event ids it has seen.
 *
 * <pre>{@code
 * byte[] body = request.bodyBytes();
 * Webhooks.stripe(body, request.header("Stripe-Signature"), secrets.stripeWebhook());
 * Event event = json.readValue(body, Event.class);
 * }</pre>
 *
 * <p>A missing or blank secret, or one that is not valid base64 for Standard Webhooks, is a setup error: it
 * throws {@link IllegalArgumentException} (a 500), never a 4xx. Thread-safe; all methods are static.
 */
public final class Webhooks {
    /** How far a signed timestamp may be from the clock, either way, when no tolerance is given: 5 minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String TYPE = "webhook-signature";
    /** Unix seconds; twelve digits reach past the year 30000 and never overflow the arithmetic below. */
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final HexFormat HEX = HexFormat.of();

    private Webhooks() {}

    /**
     * Verifies a Stripe delivery with a tolerance of {@link #DEFAULT_TOLERANCE} against the system clock.
     *
     * <pre>{@code
     * Webhooks.stripe(request.bodyBytes(), request.header("Stripe-Signature"), "whsec_...");
     * }</pre>
     *
     * @see #stripe(byte[], String, String, Duration, Clock)
     */
    public static void stripe(byte[] body, String stripeSignatureHeader, String secret) {
        stripe(body, stripeSignatureHeader, secret, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /**
     * Verifies a Stripe delivery. The header reads {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]}; the
     * signed payload is {@code t + "." + body}, keyed with the whole endpoint secret ({@code whsec_...}) as UTF-8
     * bytes. It passes if any {@code v1} matches (Stripe sends one per active secret while a secret is rolled).
     * {@code v0} and unknown schemes are ignored, so a header without a {@code v1} fails.
     *
     * <pre>{@code
     * Webhooks.stripe(body, header, secret, Duration.ofMinutes(3), clock);
     * }</pre>
     *
     * @param body the raw request body, byte for byte
     * @param stripeSignatureHeader the {@code Stripe-Signature} header value, possibly {@code null}
     * @param secret the endpoint's signing secret
     * @param tolerance how far {@code t} may be from {@code clock}, in the past or the future (whole seconds)
     * @param clock the current time
     * @throws HttpError 400 if the header is missing or malformed, no {@code v1} matches, or {@code t} is
     *     outside the tolerance
     */
    public static void stripe(byte[] body, String stripeSignatureHeader, String secret, Duration tolerance, Clock clock) {
        Objects.requireNonNull(body, "body");
        byte[] key = secretBytes(secret);
        checkTolerance(tolerance);
        Objects.requireNonNull(clock, "clock");
        if (stripeSignatureHeader == null || stripeSignatureHeader.isBlank()) {
            throw rejected(400, "Missing Stripe-Signature header");
        }
        String timestamp = null;
        List<String> v1 = new ArrayList<>();
        for (String item : stripeSignatureHeader.split(",", -1)) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw rejected(400, "Malformed Stripe-Signature header");
            }
            String name = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (name.equals("t")) {
                if (timestamp != null) {
                    throw rejected(400, "Malformed Stripe-Signature header: more than one timestamp");
                }
                timestamp = value;
            } else if (name.equals("v1")) {
                v1.add(value);
            }
        }
        if (timestamp == null || !UNIX_SECONDS.matcher(timestamp).matches()) {
            throw rejected(400, "Malformed Stripe-Signature header: no valid timestamp");
        }
        if (v1.isEmpty()) {
            throw rejected(400, "No v1 signature in Stripe-Signature header");
        }
        byte[] expected = hmac(key, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        if (!anyMatches(expected, v1, Webhooks::hex)) {
            throw rejected(400, "Webhook signature does not match");
        }
        checkTimestamp(Long.parseLong(timestamp), tolerance, clock);
    }

    /**
     * A valid {@code Stripe-Signature} header value for {@code body}, as Stripe would send it at {@code timestamp}.
     * Meant for tests of apps that receive Stripe webhooks.
     *
     * <pre>{@code
     * String header = Webhooks.stripeSignature("whsec_test", clock.instant().getEpochSecond(), body);
     * client.post("/webhooks/stripe", body, Map.of("Stripe-Signature", header));
     * }</pre>
     */
    public static String stripeSignature(String secret, long timestamp, byte[] body) {
        Objects.requireNonNull(body, "body");
        byte[] mac = hmac(secretBytes(secret), (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "t=" + timestamp + ",v1=" + HEX.formatHex(mac);
    }

    /**
     * Verifies a GitHub delivery: {@code X-Hub-Signature-256: sha256=<hex>}, an HMAC-SHA256 of the body keyed with
     * the webhook secret as UTF-8 bytes. GitHub signs without a timestamp, so there is no replay window to check;
     * use the {@code X-GitHub-Delivery} id to drop repeats. The SHA-1 {@code X-Hub-Signature} is never accepted.
     *
     * <pre>{@code
     * Webhooks.github(request.bodyBytes(), request.header("X-Hub-Signature-256"), secret);
     * }</pre>
     *
     * @param body the raw request body, byte for byte
     * @param hubSignature256Header the {@code X-Hub-Signature-256} header value, possibly {@code null}
     * @param secret the webhook's secret
     * @throws HttpError 401 if the header is missing, is not {@code sha256=<hex>}, or does not match
     */
    public static void github(byte[] body, String hubSignature256Header, String secret) {
        Objects.requireNonNull(body, "body");
        byte[] key = secretBytes(secret);
        if (hubSignature256Header == null || hubSignature256Header.isBlank()) {
            throw rejected(401, "Missing X-Hub-Signature-256 header");
        }
        String value = hubSignature256Header.strip();
        if (!value.startsWith("sha256=")) {
            throw rejected(401, "X-Hub-Signature-256 must be sha256=<hex>");
        }
        byte[] expected = hmac(key, new byte[0], body);
        if (!anyMatches(expected, List.of(value.substring("sha256=".length())), Webhooks::hex)) {
            throw rejected(401, "Webhook signature does not match");
        }
    }

    /**
     * A valid {@code X-Hub-Signature-256} header value for {@code body}. Meant for tests of apps that receive
     * GitHub webhooks.
     *
     * <pre>{@code
     * client.post("/webhooks/github", body, Map.of("X-Hub-Signature-256", Webhooks.githubSignature(secret, body)));
     * }</pre>
     */
    public static String githubSignature(String secret, byte[] body) {
        Objects.requireNonNull(body, "body");
        return "sha256=" + HEX.formatHex(hmac(secretBytes(secret), new byte[0], body));
    }

    /**
     * Verifies a Standard Webhooks delivery with a tolerance of {@link #DEFAULT_TOLERANCE} against the system clock.
     *
     * <pre>{@code
     * Webhooks.standard(body, request.header("webhook-id"), request.header("webhook-timestamp"),
     *         request.header("webhook-signature"), "whsec_...");
     * }</pre>
     *
     * @see #standard(byte[], String, String, String, String, Duration, Clock)
     */
    public static void standard(byte[] body, String webhookId, String webhookTimestamp, String webhookSignature, String secret) {
        standard(body, webhookId, webhookTimestamp, webhookSignature, secret, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /**
     * Verifies a delivery signed as <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> specifies.
     * The secret is {@code whsec_} followed by the base64 key (the prefix is optional); the signed content is
     * {@code id + "." + timestamp + "." + body}; {@code webhook-signature} is a space-separated list of
     * {@code v1,<base64>} entries, and the delivery passes if any matches. Other versions (such as the
     * asymmetric {@code v1a}) are ignored. Every failure answers 400, the status the spec's reference libraries'
     * errors are usually mapped to, and that tells a sender the delivery itself is bad.
     *
     * <pre>{@code
     * Webhooks.standard(body, id, timestamp, signature, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
     *         Duration.ofMinutes(5), clock);
     * }</pre>
     *
     * @param body the raw request body, byte for byte
     * @param webhookId the {@code webhook-id} header value, possibly {@code null}
     * @param webhookTimestamp the {@code webhook-timestamp} header value (unix seconds), possibly {@code null}
     * @param webhookSignature the {@code webhook-signature} header value, possibly {@code null}
     * @param secret the endpoint's signing secret, {@code whsec_<base64>}
     * @param tolerance how far the timestamp may be from {@code clock}, in the past or the future (whole seconds)
     * @param clock the current time
     * @throws HttpError 400 if a header is missing or malformed, no {@code v1} matches, or the timestamp is
     *     outside the tolerance
     */
    public static void standard(byte[] body, String webhookId, String webhookTimestamp, String webhookSignature,
            String secret, Duration tolerance, Clock clock) {
        Objects.requireNonNull(body, "body");
        byte[] key = standardKey(secret);
        checkTolerance(tolerance);
        Objects.requireNonNull(clock, "clock");
        if (isBlank(webhookId) || isBlank(webhookTimestamp) || isBlank(webhookSignature)) {
            throw rejected(400, "Missing webhook-id, webhook-timestamp or webhook-signature header");
        }
        String timestamp = webhookTimestamp.strip();
        if (!UNIX_SECONDS.matcher(timestamp).matches()) {
            throw rejected(400, "Malformed webhook-timestamp header");
        }
        List<String> v1 = new ArrayList<>();
        for (String entry : webhookSignature.strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma > 0 && entry.substring(0, comma).equals("v1")) {
                v1.add(entry.substring(comma + 1));
            }
        }
        if (v1.isEmpty()) {
            throw rejected(400, "No v1 signature in webhook-signature header");
        }
        byte[] expected = hmac(key, (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        if (!anyMatches(expected, v1, Webhooks::base64)) {
            throw rejected(400, "Webhook signature does not match");
        }
        checkTimestamp(Long.parseLong(timestamp), tolerance, clock);
    }

    /**
     * A valid {@code webhook-signature} header value ({@code v1,<base64>}) for {@code body}, sent with
     * {@code webhook-id: id} and {@code webhook-timestamp: timestamp}. Meant for tests of apps that receive
     * Standard Webhooks.
     *
     * <pre>{@code
     * String signature = Webhooks.standardSignature(secret, "msg_1", now, body);
     * }</pre>
     */
    public static String standardSignature(String secret, String id, long timestamp, byte[] body) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        byte[] mac = hmac(standardKey(secret), (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    /** Whether any candidate decodes to {@code expected}; a candidate that does not decode simply does not match. */
    private static boolean anyMatches(byte[] expected, List<String> candidates, Function<String, byte[]> decode) {
        boolean matched = false;
        for (String candidate : candidates) {
            byte[] actual = decode.apply(candidate);
            // No early return: every candidate costs the same whichever one matches.
            matched |= actual != null && MessageDigest.isEqual(expected, actual);
        }
        return matched;
    }

    private static byte[] hex(String text) {
        try {
            return HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void checkTimestamp(long timestamp, Duration tolerance, Clock clock) {
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > tolerance.toSeconds()) {
            throw rejected(400, "Webhook timestamp outside the tolerance");
        }
    }

    private static void checkTolerance(Duration tolerance) {
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("Webhook tolerance must not be negative, was " + tolerance);
        }
    }

    private static byte[] secretBytes(String secret) {
        if (isBlank(secret)) {
            throw new IllegalArgumentException("Webhook secret is missing; check the app's configuration");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] standardKey(String secret) {
        if (isBlank(secret)) {
            throw new IllegalArgumentException("Webhook secret is missing; check the app's configuration");
        }
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(encoded);
            if (key.length == 0) {
                throw new IllegalArgumentException("empty key");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Standard Webhooks secret must be whsec_ followed by a base64 key");
        }
    }

    private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static HttpError rejected(int status, String detail) {
        return new HttpError(status, TYPE, detail, List.of());
    }
}
