package shop.data;

import dev.arbor.Identity;
import dev.arbor.security.Passwords;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users who can sign in: their Argon2id password hashes, their roles, and their API keys. Passwords and
 * tokens never leave this class: an {@link Account} holds neither, and the database holds only the
 * Argon2id hash of a password and the SHA-256 of a token. Thread-safe.
 */
public final class Accounts {
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    public static final String CUSTOMER = "customer";
    public static final String ADMIN = "admin";
    private static final String TOKEN_PREFIX = "shop_";
    /** The prefix, then 32 random bytes in unpadded base64url. */
    private static final Pattern TOKEN = Pattern.compile("shop_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user as others may see it: no password hash. */
    public record Account(long id, String name, String email, String role) {}

    /** A freshly issued API key: {@code token} is shown to its owner this once and stored only as a hash. */
    public record IssuedKey(long id, String token) {}

    private static final RowMapper<Account> ROW = (rs, ctx) -> new Account(rs.getLong("id"), rs.getString("name"),
            rs.getString("email"), rs.getString("role"));

    private final Jdbi jdbi;

    public Accounts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The form in which e-mail addresses are stored and compared. */
    public static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** Creates an account with an Argon2id hash of {@code password}; {@link Users.EmailTaken} if the address is taken. */
    public Account create(String name, String email, String password, String role) {
        String hash = Passwords.hash(password);
        try {
            return jdbi.withHandle(h -> h.createUpdate(
                            "INSERT INTO users (name, email, password_hash, role) VALUES (:name, :email, :hash, :role)")
                    .bind("name", name.strip())
                    .bind("email", normalizeEmail(email))
                    .bind("hash", hash)
                    .bind("role", role)
                    .executeAndReturnGeneratedKeys("id", "name", "email", "role")
                    .map(ROW).one());
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) {
                throw new Users.EmailTaken();
            }
            throw e;
        }
    }

    /** Changes an account's display name; false if there is no such account. */
    public boolean rename(long id, String name) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET name = :name WHERE id = :id")
                .bind("name", name.strip()).bind("id", id).execute()) == 1;
    }

    public Optional<Account> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, email, role FROM users WHERE id = :id")
                .bind("id", id).map(ROW).findOne());
    }

    public Optional<Account> findByEmail(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, email, role FROM users WHERE email = :email")
                .bind("email", normalizeEmail(email)).map(ROW).findOne());
    }

    /** Every user, by id. */
    public List<Account> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, email, role FROM users ORDER BY id").map(ROW).list());
    }

    /**
     * The account whose e-mail and password these are, or empty. An unknown e-mail, an account without a
     * password and a wrong password give the same answer after the same work (one Argon2id computation), so
     * neither the answer nor its timing tells which addresses have accounts.
     */
    public Optional<Account> login(String email, String password) {
        record Stored(Account account, String hash) {}
        Optional<Stored> stored = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, name, email, role, password_hash FROM users WHERE email = :email")
                .bind("email", normalizeEmail(email))
                .map((rs, ctx) -> new Stored(ROW.map(rs, ctx), rs.getString("password_hash")))
                .findOne());
        String hash = stored.map(Stored::hash).orElse(null);
        boolean matches = Passwords.verify(password, hash);
        return matches ? stored.map(Stored::account) : Optional.empty();
    }

    /** Issues an API key for a user: the token is returned this once; only its SHA-256 is stored. */
    public IssuedKey issueKey(long userId) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO api_keys (user_id, token_hash) VALUES (:user, :hash)")
                .bind("user", userId)
                .bind("hash", sha256(token))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class).one());
        return new IssuedKey(id, token);
    }

    /**
     * Who owns an API token, with the role the account has now, or empty. For
     * {@code Arbor.Builder.bearerTokens(accounts::resolve)}. Anything not shaped like a token is refused without
     * a query; a token is looked up by its hash, so the stored hashes are all the database needs.
     */
    public Optional<Identity> resolve(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT u.id, u.role FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.token_hash = :hash")
                .bind("hash", sha256(token))
                .map((rs, ctx) -> new Identity(Long.toString(rs.getLong("id")), Set.of(rs.getString("role"))))
                .findOne());
    }

    /**
     * Makes sure the first administrator exists: creates an {@code admin} account for {@code email} if there is
     * none with that address. An existing account is left as it is (its role and password are not changed from
     * the environment). Does nothing when {@code email} is null.
     */
    public void ensureAdmin(String email, String password) {
        if (email == null) {
            return;
        }
        Optional<Account> existing = findByEmail(email);
        if (existing.isPresent()) {
            if (!existing.get().role().equals(ADMIN)) {
                LOG.warn("ADMIN_EMAIL {} belongs to an account with role '{}'; it was left unchanged", existing.get().email(),
                        existing.get().role());
            }
            return;
        }
        try {
            create("Administrator", email, password, ADMIN);
            LOG.info("created the administrator account {}", normalizeEmail(email));
        } catch (Users.EmailTaken raced) {
            // Another instance starting at the same time created it.
        }
    }

    /** The lower-case hex SHA-256 of a token, as stored in {@code api_keys.token_hash}. */
    public static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
