package shop;

import java.nio.file.Path;
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
 */
public record ShopConfig(String host, int port, String databaseUrl, String databaseUser, String databasePassword,
                         Path dataDirectory, boolean quiet) {

    public static ShopConfig fromEnv() {
        return from(System.getenv());
    }

    static ShopConfig from(Map<String, String> env) {
        String port = env.getOrDefault("PORT", "3000");
        try {
            return new ShopConfig(env.getOrDefault("HOST", "0.0.0.0"), Integer.parseInt(port), env.get("DATABASE_URL"),
                    env.get("DATABASE_USER"), env.get("DATABASE_PASSWORD"),
                    Path.of(env.getOrDefault("DATA_DIR", Shop.defaultDataDirectory().toString())), false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number, was '" + port + "'");
        }
    }
}
