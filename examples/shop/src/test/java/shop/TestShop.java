package shop;

import dev.arbor.test.TestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real shop on a free port for one test class, on the database named by the system property
 * {@code shop.test.db}: {@code h2} (default, a fresh file database in a temporary directory) or
 * {@code postgres} (a fresh schema in the local server's {@code test} database, dropped afterwards).
 */
public final class TestShop implements AutoCloseable {
    static final String PG_URL = System.getProperty("shop.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = System.getProperty("shop.test.pg.user", "postgres");

    private final Shop shop;
    private final Path dataDirectory;
    private final String schema;
    private final TestClient client;

    private TestShop(Shop shop, Path dataDirectory, String schema) {
        this.shop = shop;
        this.dataDirectory = dataDirectory;
        this.schema = schema;
        this.client = new TestClient(shop.server().uri());
    }

    public static TestShop start() {
        try {
            Path data = Files.createTempDirectory("shop-test-");
            if (!"postgres".equals(System.getProperty("shop.test.db", "h2"))) {
                return new TestShop(Shop.start(ShopConfig.of("127.0.0.1", 0, null, null, null, data)), data, null);
            }
            return onPostgres(PG_URL, data);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not start the test shop: " + e.getMessage(), e);
        }
    }

    /**
     * A shop on a fresh schema of the local PostgreSQL server that it reaches through {@code 127.0.0.1:port} (a
     * {@link TcpProxy} in front of the server), whatever database the build asked for.
     */
    public static TestShop onPostgresThrough(int port) {
        try {
            return onPostgres(PG_URL.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/"), Files.createTempDirectory("shop-test-"));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not start the test shop: " + e.getMessage(), e);
        }
    }

    private static TestShop onPostgres(String baseUrl, Path data) throws SQLException {
        String schema = "shop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestShop(Shop.start(ShopConfig.of("127.0.0.1", 0, url, PG_USER, "", data)), data, schema);
    }

    /** The PostgreSQL server's address, for a proxy in front of it. */
    static java.net.URI postgresAddress() {
        return java.net.URI.create(PG_URL.substring("jdbc:".length()));
    }

    /** Counts rows in this shop's schema over a connection of its own (not the shop's pool). */
    public long count(String table) throws SQLException {
        if (schema == null) {
            throw new IllegalStateException("count() reads PostgreSQL schemas; this shop is on H2");
        }
        try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "");
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM " + schema + "." + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public TestClient client() {
        return client;
    }

    public Shop shop() {
        return shop;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** How many files a subdirectory of the data directory holds. */
    public long files(String subdirectory) throws IOException {
        Path dir = dataDirectory.resolve(subdirectory);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Override
    public void close() throws Exception {
        shop.close();
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
        try (Stream<Path> all = Files.walk(dataDirectory)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
