package dev.arbor.internal.action;

import dev.arbor.HttpError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Everything derived from the app secret: action ids, CSRF tokens, signed cookies, and the AES-256-GCM key
 * that seals bound action arguments. Each use has its own derived key (HMAC-SHA256 of a label), so a value
 * made for one purpose is worthless for another. Thread-safe.
 */
public final class Keys {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final SecretKeySpec sealKey;
    // A Mac keyed for each purpose, cloned per use: deriving the key and looking up the provider on every call
    // cost more than the HMAC itself.
    private final java.util.concurrent.ConcurrentHashMap<String, Mac> keyed = new java.util.concurrent.ConcurrentHashMap<>();
    // Action ids by method identity; only the app's own actions are ever asked for, so this stays small.
    private final java.util.concurrent.ConcurrentHashMap<String, String> actionIds = new java.util.concurrent.ConcurrentHashMap<>();

    public Keys(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the app secret must have at least 32 bytes");
        }
        this.secret = secret.clone();
        this.sealKey = new SecretKeySpec(hmac("arbor/seal", new byte[0]), "AES");
    }

    /** A fresh random secret, for development when none is configured. */
    public static byte[] randomSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** HMAC-SHA256 under a key derived for {@code purpose}. */
    public byte[] hmac(String purpose, byte[] data) {
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

    /** The public id of an action: stable for a secret and a method identity, unguessable without the secret. */
    public String actionId(String key) {
        return actionIds.computeIfAbsent(key,
                k -> B64.encodeToString(hmac("arbor/action-id", k.getBytes(StandardCharsets.UTF_8))).substring(0, 22));
    }

    /** The CSRF token of a session. */
    public String csrfToken(String sessionId) {
        return B64.encodeToString(hmac("arbor/csrf", sessionId.getBytes(StandardCharsets.UTF_8)));
    }

    /** A value with its signature appended: {@code value.signature}. */
    public String sign(String purpose, String value) {
        return value + "." + B64.encodeToString(hmac(purpose, value.getBytes(StandardCharsets.UTF_8))).substring(0, 22);
    }

    /** The value of a signed string, or {@code null} if the signature does not match. */
    public String verify(String purpose, String signed) {
        int dot = signed == null ? -1 : signed.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String value = signed.substring(0, dot);
        return equal(sign(purpose, value), signed) ? value : null;
    }

    /** Constant-time comparison. */
    public static boolean equal(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Encrypts and authenticates {@code plaintext} for one action: the action id is the associated data. */
    public String seal(String actionId, byte[] plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, iv));
            cipher.updateAAD(actionId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return B64.encodeToString(ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a value sealed for {@code actionId}; 400 if it was altered, made for another action, or is not ours. */
    public byte[] open(String actionId, String sealed) {
        try {
            byte[] all = B64D.decode(sealed);
            if (all.length < 1 + IV_BYTES + 16 || all[0] != VERSION) {
                throw invalid();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, all, 1, IV_BYTES));
            cipher.updateAAD(actionId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, 1 + IV_BYTES, all.length - 1 - IV_BYTES);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw invalid();
        }
    }

    private static HttpError invalid() {
        return new HttpError(400, "invalid-bound-args", "The form's bound values were altered or belong to another action",
                java.util.List.of());
    }
}
