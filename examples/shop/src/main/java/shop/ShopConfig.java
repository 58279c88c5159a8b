package shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/**
 * The shop's settings, read from the environment.
 *
 * @param host address to listen on ({@code HOST}, default all interfaces)
 * @param port port ({@code PORT}, default 3000; 0 picks a free one)
 * @param databaseUrl JDBC URL ({@code DATABASE_URL}); empty means the embedded H2 file database
 * @param databaseUser {@code DATABASE_USER}
 * @param databasePassword {@code DATABASE_PASSWORD}
 * @param dataDirectory where the H2 database and uploads live ({@code DATA_DIR}, default {@code ./data})
 * @param quiet whether to skip printing the route table
 * @param secret the app secret ({@code ARBOR_SECRET}, at least 32 characters); by default one is generated
 *               once and kept in the data directory, so action ids survive restarts
 * @param templateDirectory template sources to compile and reload on change (dev mode, {@code ARBOR_DEV=1}), or
 *                          null for the templates precompiled into the jar
 * @param adminEmail the first administrator's e-mail ({@code ADMIN_EMAIL}), created at start if absent, or null
 * @param adminPassword the first administrator's password ({@code ADMIN_PASSWORD}, at least 8 characters), or null
 * @param stripeWebhookSecret the signing secret of the Stripe webhook endpoint ({@code STRIPE_WEBHOOK_SECRET},
 *                            {@code whsec_…}); without one the webhook route refuses every delivery
 * @param redisUrl where instances share revoked sessions and idempotency keys ({@code REDIS_URL},
 *                 {@code redis://host:6379/0}); null keeps them in memory, right for a single instance
 */
public record ShopConfig(String host, int port, String databaseUrl, String databaseUser, String databasePassword,
                         Path dataDirectory, boolean quiet, byte[] secret, Path templateDirectory,
                         String adminEmail, String adminPassword, String stripeWebhookSecret, String redisUrl) {
    /** The Stripe webhook secret of {@link #of}: tests sign their deliveries with it. */
    public static final String TEST_STRIPE_WEBHOOK_SECRET = "whsec_test_secret";

    public ShopConfig {
        if ((adminEmail == null) != (adminPassword == null)) {
            throw new IllegalArgumentException("ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither");
        }
        if (adminPassword != null && adminPassword.length() < 8) {
            throw new IllegalArgumentException("ADMIN_PASSWORD must have at least 8 characters");
        }
    }

    /** Settings for tests and tools: no printing, a secret kept in the data directory, precompiled templates. */
    public static ShopConfig of(String host, int port, String databaseUrl, String databaseUser, String databasePassword,
                                Path dataDirectory) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, true,
                storedSecret(dataDirectory), null, null, null, TEST_STRIPE_WEBHOOK_SECRET, null);
    }

    public static ShopConfig fromEnv() {
        return from(System.getenv());
    }

    static ShopConfig from(Map<String, String> env) {
        String port = env.getOrDefault("PORT", "3000");
        try {
            Path data = Path.of(env.getOrDefault("DATA_DIR", Shop.defaultDataDirectory().toString()));
            String secret = env.get("ARBOR_SECRET");
            if (secret != null && secret.length() < 32) {
                throw new IllegalArgumentException("ARBOR_SECRET must have at least 32 characters");
            }
            return new ShopConfig(env.getOrDefault("HOST", "0.0.0.0"), Integer.parseInt(port), env.get("DATABASE_URL"),
                    env.get("DATABASE_USER"), env.get("DATABASE_PASSWORD"), data, false,
                    secret != null ? secret.getBytes(java.nio.charset.StandardCharsets.UTF_8) : storedSecret(data),
                    "1".equals(env.get("ARBOR_DEV")) ? sourceTemplates() : null, nonBlank(env.get("ADMIN_EMAIL")),
                    nonBlank(env.get("ADMIN_PASSWORD")), nonBlank(env.get("STRIPE_WEBHOOK_SECRET")),
                    nonBlank(env.get("REDIS_URL")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number, was '" + port + "'");
        }
    }

    /** This settings with templates compiled from {@code directory} and reloaded when they change. */
    public ShopConfig withTemplateDirectory(Path directory) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, quiet, secret, directory,
                adminEmail, adminPassword, stripeWebhookSecret, redisUrl);
    }

    /** This settings with a first administrator to create at start if absent. */
    public ShopConfig withAdmin(String email, String password) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, quiet, secret,
                templateDirectory, email, password, stripeWebhookSecret, redisUrl);
    }

    /** This settings with revoked sessions and idempotency keys kept in Redis, shared with other instances. */
    public ShopConfig withRedis(String url) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, quiet, secret,
                templateDirectory, adminEmail, adminPassword, stripeWebhookSecret, url);
    }

    /** Without the secret, the database URL and the passwords, so that logging a configuration leaks none of them. */
    @Override
    public String toString() {
        return "ShopConfig[host=" + host + ", port=" + port + ", dataDirectory=" + dataDirectory + ", adminEmail=" + adminEmail + "]";
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Path sourceTemplates() {
        Path fromRoot = Path.of("examples/shop/src/main/jte");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("src/main/jte");
    }

    /** The secret kept in {@code data/.arbor-secret}, made on first start. */
    static byte[] storedSecret(Path dataDirectory) {
        Path file = dataDirectory.resolve(".arbor-secret");
        try {
            if (Files.isRegularFile(file)) {
                return java.util.HexFormat.of().parseHex(Files.readString(file).strip());
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.createDirectories(dataDirectory);
            Files.writeString(file, java.util.HexFormat.of().formatHex(secret));
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
