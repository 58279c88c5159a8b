package shop;

import dev.arbor.Arbor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
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
 * @param secrets the app secret ({@code ARBOR_SECRET}, at least 32 characters) and, while rotating, the previous
 *                one ({@code ARBOR_PREVIOUS_SECRET}) with the instant it stops being accepted
 *                ({@code ARBOR_PREVIOUS_SECRET_UNTIL}, ISO-8601 such as {@code 2026-12-01T00:00:00Z}). In development,
 *                without {@code ARBOR_SECRET}, one is generated once and kept in the data directory, so action ids
 *                survive restarts
 * @param production {@code ARBOR_ENV=production}: {@code ARBOR_SECRET} is required and {@code ARBOR_DEV} refused;
 *                   {@code development} or unset otherwise
 * @param templateDirectory template sources to compile and reload on change (dev mode, {@code ARBOR_DEV=1}), or
 *                          null for the templates precompiled into the jar
 * @param adminEmail the first administrator's e-mail ({@code ADMIN_EMAIL}), created at start if absent, or null
 * @param adminPassword the first administrator's password ({@code ADMIN_PASSWORD}, at least 8 characters), or null
 * @param stripeWebhookSecret the signing secret of the Stripe webhook endpoint ({@code STRIPE_WEBHOOK_SECRET},
 *                            {@code whsec_…}); without one the webhook route refuses every delivery
 * @param redisUrl where instances share revoked sessions and idempotency keys ({@code REDIS_URL},
 *                 {@code redis://host:6379/0}); null keeps them in memory, right for a single instance
 * @param origins the shop's public origins ({@code ARBOR_ORIGIN}, comma-separated, such as
 *                {@code https://shop.example.com}) against which form posts and unsafe API calls are checked; empty
 *                means the request's own scheme and host
 * @param trustedProxies addresses or ranges ({@code 10.0.0.0/8}) of reverse proxies whose
 *                       {@code X-Forwarded-Proto}/{@code -Host}/{@code -For} are believed ({@code ARBOR_TRUSTED_PROXIES},
 *                       comma-separated); empty believes none
 */
public record ShopConfig(String host, int port, String databaseUrl, String databaseUser, String databasePassword,
                         Path dataDirectory, boolean quiet, AppSecrets secrets, boolean production, Path templateDirectory,
                         String adminEmail, String adminPassword, String stripeWebhookSecret, String redisUrl,
                         List<String> origins, List<String> trustedProxies) {
    /** The Stripe webhook secret of {@link #of}: tests sign their deliveries with it. */
    public static final String TEST_STRIPE_WEBHOOK_SECRET = "whsec_test_secret";

    public ShopConfig {
        origins = List.copyOf(origins);
        trustedProxies = List.copyOf(trustedProxies);
        if ((adminEmail == null) != (adminPassword == null)) {
            throw new IllegalArgumentException("ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither");
        }
        if (adminPassword != null && adminPassword.length() < 8) {
            throw new IllegalArgumentException("ADMIN_PASSWORD must have at least 8 characters");
        }
    }

    /**
     * The key ring's secrets: the current one and, during a rotation, the previous one accepted until an instant.
     *
     * @param current the secret everything is made with
     * @param previous the secret before it, or null
     * @param previousUntil when {@code previous} stops being accepted, or null without one
     */
    public record AppSecrets(byte[] current, byte[] previous, Instant previousUntil) {
        public AppSecrets {
            if ((previous == null) != (previousUntil == null)) {
                throw new IllegalArgumentException(
                        "ARBOR_PREVIOUS_SECRET and ARBOR_PREVIOUS_SECRET_UNTIL go together: set both or neither");
            }
        }

        /** Configures the server's key ring with these secrets. */
        public Arbor.Builder applyTo(Arbor.Builder builder) {
            builder.secret(current);
            return previous == null ? builder : builder.previousSecret(previous, previousUntil);
        }
    }

    /** Settings for tests and tools: no printing, a secret kept in the data directory, precompiled templates. */
    public static ShopConfig of(String host, int port, String databaseUrl, String databaseUser, String databasePassword,
                                Path dataDirectory) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, true,
                new AppSecrets(storedSecret(dataDirectory), null, null), false, null, null, null, TEST_STRIPE_WEBHOOK_SECRET, null, List.of(), List.of());
    }

    public static ShopConfig fromEnv() {
        return from(System.getenv());
    }

    static ShopConfig from(Map<String, String> env) {
        String port = env.getOrDefault("PORT", "3000");
        try {
            Path data = Path.of(env.getOrDefault("DATA_DIR", Shop.defaultDataDirectory().toString()));
            boolean production = production(env.get("ARBOR_ENV"));
            boolean dev = "1".equals(env.get("ARBOR_DEV"));
            if (production && dev) {
                throw new IllegalArgumentException("ARBOR_DEV=1 recompiles templates from source and is for development: "
                        + "unset it, or set ARBOR_ENV=development");
            }
            byte[] secret = secret(env, "ARBOR_SECRET");
            if (secret == null && production) {
                throw new IllegalArgumentException("ARBOR_ENV=production needs ARBOR_SECRET: at least 32 random characters, the "
                        + "same on every instance (generate one with: openssl rand -base64 48)");
            }
            String until = nonBlank(env.get("ARBOR_PREVIOUS_SECRET_UNTIL"));
            AppSecrets secrets = new AppSecrets(secret != null ? secret : storedSecret(data), secret(env, "ARBOR_PREVIOUS_SECRET"),
                    until == null ? null : instant(until));
            return new ShopConfig(env.getOrDefault("HOST", "0.0.0.0"), Integer.parseInt(port), env.get("DATABASE_URL"),
                    env.get("DATABASE_USER"), env.get("DATABASE_PASSWORD"), data, false, secrets, production,
                    dev ? sourceTemplates() : null, nonBlank(env.get("ADMIN_EMAIL")),
                    nonBlank(env.get("ADMIN_PASSWORD")), nonBlank(env.get("STRIPE_WEBHOOK_SECRET")),
                    nonBlank(env.get("REDIS_URL")), list(env.get("ARBOR_ORIGIN")), list(env.get("ARBOR_TRUSTED_PROXIES")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number, was '" + port + "'");
        }
    }

    /** A comma-separated setting as a list; blank or missing is empty. */
    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** This settings with public origins and trusted proxies, as behind a load balancer. */
    public ShopConfig withOrigins(List<String> publicOrigins, List<String> proxies) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, quiet, secrets, production,
                templateDirectory, adminEmail, adminPassword, stripeWebhookSecret, redisUrl, publicOrigins, proxies);
    }

    private static boolean production(String env) {
        if (env == null || env.isBlank() || env.equals("development")) {
            return false;
        }
        if (env.equals("production")) {
            return true;
        }
        throw new IllegalArgumentException("ARBOR_ENV must be production or development (or unset), was '" + env + "'");
    }

    private static byte[] secret(Map<String, String> env, String name) {
        String value = nonBlank(env.get(name));
        if (value != null && value.length() < 32) {
            throw new IllegalArgumentException(name + " must have at least 32 characters");
        }
        return value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("ARBOR_PREVIOUS_SECRET_UNTIL must be an ISO-8601 instant such as "
                    + "2026-12-01T00:00:00Z, was '" + value + "'");
        }
    }

    /** This settings with templates compiled from {@code directory} and reloaded when they change. */
    public ShopConfig withTemplateDirectory(Path directory) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, quiet, secrets, production,
                directory, adminEmail, adminPassword, stripeWebhookSecret, redisUrl, origins, trustedProxies);
    }

    /** This settings with a first administrator to create at start if absent. */
    public ShopConfig withAdmin(String email, String password) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, quiet, secrets, production,
                templateDirectory, email, password, stripeWebhookSecret, redisUrl, origins, trustedProxies);
    }

    /** This settings with revoked sessions and idempotency keys kept in Redis, shared with other instances. */
    public ShopConfig withRedis(String url) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, quiet, secrets, production,
                templateDirectory, adminEmail, adminPassword, stripeWebhookSecret, url, origins, trustedProxies);
    }

    /** This settings with other secrets, as after a rotation. */
    public ShopConfig withSecrets(AppSecrets newSecrets) {
        return new ShopConfig(host, port, databaseUrl, databaseUser, databasePassword, dataDirectory, quiet, newSecrets, production,
                templateDirectory, adminEmail, adminPassword, stripeWebhookSecret, redisUrl, origins, trustedProxies);
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
