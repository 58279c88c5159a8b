package shop.data;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The shop's database: a HikariCP pool, Flyway migrations applied at start, and JDBI over the pool.
 * The default is an embedded H2 file database under the data directory (no server needed); a JDBC URL
 * in {@code DATABASE_URL} switches to PostgreSQL.
 */
public final class Database implements AutoCloseable {
    /** The version of the newest migration (V8__uploads.sql); DatabaseTest checks it against the files. */
    static final String SCHEMA_VERSION = "8";

    /** The pool, created and migrated on a background thread; see {@link #openInBackground}. */
    private final CompletableFuture<HikariDataSource> pool;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Database(CompletableFuture<HikariDataSource> pool, boolean postgres) {
        this.pool = pool;
        this.jdbi = Jdbi.create(() -> pool().getConnection());
        this.postgres = postgres;
    }

    /** Opens the pool and migrates the schema. {@code url} null means the embedded H2 database in {@code dataDirectory}. */
    public static Database open(String url, String user, String password, Path dataDirectory) {
        Database database = openInBackground(url, user, password, dataDirectory);
        database.pool();
        return database;
    }

    /**
     * Opens the pool and migrates the schema on a background thread, and returns at once: loading the driver and
     * opening the database take as long as starting the server, so the shop does both side by side. Queries made
     * before {@link #ready()} completes wait for it.
     */
    public static Database openInBackground(String url, String user, String password, Path dataDirectory) {
        if (url != null && !url.isBlank() && !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("DATABASE_URL must be a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/shop");
        }
        CompletableFuture<HikariDataSource> pool = new CompletableFuture<>();
        Thread.ofPlatform().name("shop-database-open").start(() -> {
            try {
                HikariDataSource open = connect(url, user, password, dataDirectory);
                if (!pool.complete(open)) {
                    open.close(); // closed while it was opening
                }
            } catch (Throwable e) {
                pool.completeExceptionally(e);
            }
        });
        return new Database(pool, url != null && url.startsWith("jdbc:postgresql:"));
    }

    private static HikariDataSource connect(String url, String user, String password, Path dataDirectory) {
        HikariConfig config = new HikariConfig();
        if (url == null || url.isBlank()) {
            // WRITE_DELAY=0: H2 otherwise writes committed transactions to the file up to half a second later, and a
            // process killed in between loses what it had already answered 2xx for (WebhookKillTest saw it).
            config.setJdbcUrl("jdbc:h2:file:" + dataDirectory.resolve("shop").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
            config.setUsername("sa");
            config.setPassword("");
        } else {
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
        }
        config.setPoolName("shop");
        config.setMaximumPoolSize(Math.max(10, Runtime.getRuntime().availableProcessors() * 4));
        // When the database is unreachable a request waits at most this long for a connection and then answers 503
        // (Arbor maps the pool's SQLTransientConnectionException), instead of holding its thread for Hikari's 30 s.
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(10_000);
        if (config.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            // A server that accepts but never answers (a dropped link, not a refusal) must not hang a thread either:
            // connecting and logging in are bounded like the pool wait, a query that hears nothing for 30 s fails.
            config.addDataSourceProperty("connectTimeout", "2");
            config.addDataSourceProperty("loginTimeout", "3");
            config.addDataSourceProperty("socketTimeout", "30");
            config.addDataSourceProperty("tcpKeepAlive", "true");
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            if (!isCurrent(pool)) {
                Flyway.configure()
                        .dataSource(pool)
                        .locations("classpath:db/migration")
                        .javaMigrations(new V3__SeedProducts())
                        .load()
                        .migrate();
            }
            return pool;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Completes when the database is open and migrated; fails if it could not be. */
    public CompletableFuture<Void> ready() {
        return pool.thenAccept(open -> {});
    }

    /** The open pool: waits for the background open, and rethrows its failure. */
    private HikariDataSource pool() {
        try {
            return pool.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Whether the schema already has every migration: then Flyway is not started at all, which saves a third of
     * the shop's start-up (it scans the classpath for migrations and validates each one's checksum).
     * A database that is behind, new, or whose last migration failed goes through Flyway as usual.
     */
    private static boolean isCurrent(HikariDataSource pool) {
        try (var connection = pool.getConnection();
             var statement = connection.prepareStatement(
                     "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\" DESC LIMIT 1");
             var row = statement.executeQuery()) {
            return row.next() && row.getBoolean(2) && SCHEMA_VERSION.equals(row.getString(1));
        } catch (java.sql.SQLException noHistoryYet) {
            return false;
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Whether a connection can be had and answers a trivial query. */
    public boolean isUp() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (!pool.cancel(false)) {
            pool.thenAccept(HikariDataSource::close);
        }
    }
}
