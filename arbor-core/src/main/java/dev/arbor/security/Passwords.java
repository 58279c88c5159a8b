package dev.arbor.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id at OWASP's recommended cost (19 MiB of memory, 2 iterations, 1 lane), in
 * the standard encoded form {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, through Bouncy Castle's
 * maintained implementation. Hashing takes tens of milliseconds on purpose; call it on the request's
 * virtual thread, never in a loop.
 *
 * <pre>{@code
 * String stored = Passwords.hash(form.password());
 * boolean ok = Passwords.verify(attempt, stored);
 * }</pre>
 */
public final class Passwords {
    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Pattern ENCODED = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
    /** A hash of nothing in particular, verified against when the account does not exist, so both cases take as long. */
    private static final String DUMMY = hash("arbor-timing-equaliser");

    private Passwords() {}

    /** The encoded Argon2id hash of {@code password} with a fresh random salt. */
    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches an encoded hash, compared in constant time. A {@code null} hash (no such
     * account) still costs one hash computation, so the answer's timing does not tell which accounts exist.
     */
    public static boolean verify(String password, String encoded) {
        Matcher parts = ENCODED.matcher(encoded == null ? DUMMY : encoded);
        if (!parts.matches()) {
            parts = ENCODED.matcher(DUMMY);
            parts.matches();
            encoded = null;
        }
        int memory = Integer.parseInt(parts.group(1));
        int iterations = Integer.parseInt(parts.group(2));
        int parallelism = Integer.parseInt(parts.group(3));
        if (memory > 1 << 20 || iterations > 20 || parallelism > 16) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts.group(4));
        byte[] expected = Base64.getDecoder().decode(parts.group(5));
        byte[] actual = argon2(password, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual) && encoded != null;
    }

    private static byte[] argon2(String password, byte[] salt, int memory, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
