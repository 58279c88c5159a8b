package dev.arbor.internal.action;

import dev.arbor.HttpError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key ring and everything derived from it: action ids, CSRF tokens, and the AES-256-GCM keys that seal
 * bound action arguments, sessions and the flash. Each use has its own derived key (HMAC-SHA256 of a
 * label), so a value made for one purpose is worthless for another.
 *
 * <p>The ring has one current key and any number of previous keys, each accepted until an instant. Everything
 * is made with the current key; everything made with a previous key is still accepted until that key's
 * instant, and never after. A key not in the ring is refused. Each key has a 4-byte id derived from it, which a
 * sealed envelope names so that opening tries one key, not all of them.
 *
 * <p>Sealed envelope: {@code version(1) | key id(4) | expires at, epoch seconds(8) | IV(12) | ciphertext+tag}.
 * The first 13 bytes are associated data together with the purpose (the action id), so the expiry is
 * authenticated even though it is readable. Thread-safe.
 */
public final class Keys {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final byte VERSION = 2;
    private static final int KEY_ID_BYTES = 4;
    private static final int HEADER_BYTES = 1 + KEY_ID_BYTES + 8;
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long sealed bound values stay valid unless configured otherwise. */
    public static final Duration DEFAULT_BOUND_LIFETIME = Duration.ofHours(24);

    /** A key that is no longer used for making things but still accepted until {@code acceptedUntil}. */
    public record Previous(byte[] secret, Instant acceptedUntil) {
        public Previous {
            secret = secret.clone();
        }
    }

    private final Key current;
    private final List<Key> currentOnly;
    private final List<Key> previous;
    private final Duration boundLifetime;
    private final Clock clock;
    // Action ids by method identity, under the current key; only the app's own actions are ever asked for.
    private final ConcurrentHashMap<String, String> actionIds = new ConcurrentHashMap<>();

    public Keys(byte[] current, List<Previous> previous, Duration boundLifetime, Clock clock) {
        this.current = new Key(current, Instant.MAX);
        this.currentOnly = List.of(this.current);
        List<Key> older = new ArrayList<>();
        for (Previous p : previous) {
            Key key = new Key(p.secret(), p.acceptedUntil());
            if (Arrays.equals(key.id, this.current.id) || older.stream().anyMatch(k -> Arrays.equals(k.id, key.id))) {
                throw new IllegalArgumentException("the key ring holds the same secret twice");
            }
            older.add(key);
        }
        this.previous = List.copyOf(older);
        if (boundLifetime.isNegative() || boundLifetime.isZero()) {
            throw new IllegalArgumentException("the lifetime of bound values must be positive");
        }
        this.boundLifetime = boundLifetime;
        this.clock = clock;
    }

    /** A fresh random secret, for development when none is configured. */
    public static byte[] randomSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /**
     * The public id of an action under the current key: stable for a ring and a method identity, so every
     * node with the same ring renders the same ids; unguessable without the key.
     */
    public String actionId(String key) {
        return actionIds.computeIfAbsent(key, current::actionId);
    }

    /**
     * The ids the action may be posted under, each with the instant it stops being accepted: its current id (never)
     * and, oldest last, the aliases that previous keys still accepted gave it, which a page rendered before a
     * rotation may post.
     */
    public Map<String, Instant> acceptedActionIds(String key) {
        Map<String, Instant> ids = new LinkedHashMap<>();
        ids.put(actionId(key), Instant.MAX);
        for (Key k : acceptedPrevious()) {
            ids.put(k.actionId(key), k.acceptedUntil);
        }
        return ids;
    }

    /** Whether something accepted until {@code until} is still accepted now. */
    public boolean stillAccepted(Instant until) {
        return clock.instant().isBefore(until);
    }

    /** The CSRF token of a session, under the current key. */
    public String csrfToken(String sessionId) {
        return current.csrfToken(sessionId);
    }

    /** Whether {@code submitted} is this session's CSRF token under a key still accepted (a form rendered before a rotation). */
    public boolean acceptsCsrfToken(String sessionId, String submitted) {
        for (Key k : accepted()) {
            if (equal(k.csrfToken(sessionId), submitted)) {
                return true;
            }
        }
        return false;
    }

    /** Constant-time comparison. */
    public static boolean equal(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Seals bound values for one action: the action id is associated data; valid for the bound-values lifetime. */
    public String seal(String actionId, byte[] plaintext) {
        return seal(actionId, plaintext, boundLifetime);
    }

    /** Encrypts and authenticates {@code plaintext} under the current key for {@code purpose}, valid for {@code lifetime}. */
    public String seal(String purpose, byte[] plaintext, Duration lifetime) {
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + IV_BYTES + plaintext.length + TAG_BYTES);
        out.put(VERSION).put(current.id).putLong(expires);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        out.put(iv);
        Cipher cipher = current.ciphers.borrow();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, current.sealKey, new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(out.array(), 0, HEADER_BYTES);
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        current.ciphers.giveBack(cipher);
        return B64.encodeToString(out.array());
    }

    /**
     * Opens a value sealed for {@code purpose}. 400 {@code invalid-bound-args} if it was altered, made for another
     * purpose, or is not ours; 409 {@code expired-form} if it is authentic but expired, or names a key the ring
     * no longer accepts, so that the page can be reloaded rather than show an error.
     */
    public byte[] open(String purpose, String sealed) {
        byte[] all;
        try {
            all = B64D.decode(sealed);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (all.length < HEADER_BYTES + IV_BYTES + TAG_BYTES || all[0] != VERSION) {
            throw invalid();
        }
        Key key = keyFor(all);
        if (key == null) {
            throw expired();
        }
        byte[] plain;
        Cipher cipher = key.ciphers.borrow();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key.sealKey, new GCMParameterSpec(TAG_BYTES * 8, all, HEADER_BYTES, IV_BYTES));
            cipher.updateAAD(all, 0, HEADER_BYTES);
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            plain = cipher.doFinal(all, HEADER_BYTES + IV_BYTES, all.length - HEADER_BYTES - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw invalid(); // the cipher is not given back: a failed one is dropped, never reused
        }
        key.ciphers.giveBack(cipher);
        // Checked after authentication, so an expiry in the past means this ring sealed it and it is old.
        if (clock.instant().getEpochSecond() >= ByteBuffer.wrap(all, 1 + KEY_ID_BYTES, 8).getLong()) {
            throw expired();
        }
        return plain;
    }

    /** Whether a sealed value names a key other than the current one, and so is worth sealing again. */
    public boolean sealedWithPreviousKey(String sealed) {
        try {
            byte[] head = B64D.decode(sealed.substring(0, Math.min(sealed.length(), 8)));
            return head.length > KEY_ID_BYTES && !Arrays.equals(head, 1, 1 + KEY_ID_BYTES, current.id, 0, KEY_ID_BYTES);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Key keyFor(byte[] envelope) {
        for (Key k : accepted()) {
            if (Arrays.equals(envelope, 1, 1 + KEY_ID_BYTES, k.id, 0, KEY_ID_BYTES)) {
                return k;
            }
        }
        return null;
    }

    /** The current key, then the previous ones still accepted. */
    private List<Key> accepted() {
        if (previous.isEmpty()) {
            return currentOnly;
        }
        List<Key> keys = new ArrayList<>(previous.size() + 1);
        keys.add(current);
        keys.addAll(acceptedPrevious());
        return keys;
    }

    private List<Key> acceptedPrevious() {
        if (previous.isEmpty()) {
            return previous;
        }
        Instant now = clock.instant();
        return previous.stream().filter(k -> now.isBefore(k.acceptedUntil)).toList();
    }

    private static HttpError invalid() {
        return new HttpError(400, "invalid-bound-args", "The form's bound values were altered or belong to another action",
                List.of());
    }

    private static HttpError expired() {
        return new HttpError(409, "expired-form", "This form is too old to submit: reload the page and try again", List.of());
    }

    /** One secret of the ring and the keys derived from it. */
    private static final class Key {
        final byte[] secret;
        final byte[] id;
        final SecretKeySpec sealKey;
        final Instant acceptedUntil;
        // AES-GCM ciphers for sealKey, reused: Cipher.getInstance (provider look-up, transformation parsing) and a
        // first init (key expansion) cost more than sealing a small value. A Cipher is not thread-safe, so each is
        // held by one caller at a time; every use calls init with a fresh IV (seal) or the envelope's IV (open).
        final CipherPool ciphers = new CipherPool();
        // A Mac keyed for each purpose, cloned per use: deriving the key and looking up the provider on every call
        // cost more than the HMAC itself.
        private final ConcurrentHashMap<String, Mac> keyed = new ConcurrentHashMap<>();

        Key(byte[] secret, Instant acceptedUntil) {
            if (secret.length < 32) {
                throw new IllegalArgumentException("an app secret must have at least 32 bytes");
            }
            this.secret = secret.clone();
            this.acceptedUntil = acceptedUntil;
            this.sealKey = new SecretKeySpec(hmac("arbor/seal", new byte[0]), "AES");
            this.id = Arrays.copyOf(hmac("arbor/key-id", new byte[0]), KEY_ID_BYTES);
        }

        byte[] hmac(String purpose, byte[] data) {
            Mac prototype = keyed.computeIfAbsent(purpose, this::keyedMac);
            Mac mac;
            try {
                mac = (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                mac = keyedMac(purpose);
            }
            return mac.doFinal(data);
        }

        private Mac keyedMac(String purpose) {
            try {
                Mac derive = Mac.getInstance("HmacSHA256");
                derive.init(new SecretKeySpec(secret, "HmacSHA256"));
                byte[] key = derive.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String actionId(String methodKey) {
            return B64.encodeToString(hmac("arbor/action-id", methodKey.getBytes(StandardCharsets.UTF_8))).substring(0, 22);
        }

        String csrfToken(String sessionId) {
            return B64.encodeToString(hmac("arbor/csrf", sessionId.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
