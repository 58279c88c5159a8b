package shop;

import dev.arbor.Arbor;
import dev.arbor.CorsPolicy;
import dev.arbor.Services;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import shop.data.Accounts;
import shop.data.Carts;
import shop.data.Database;
import shop.data.EventBus;
import shop.data.Images;
import shop.data.OrderEvents;
import shop.data.Orders;
import shop.data.Posts;
import shop.data.Products;
import shop.data.Todos;
import shop.data.Uploads;
import shop.data.Users;
import shop.data.WebhookInbox;
import shop.templates.DynamicTemplates;
import shop.templates.StaticTemplates;
import shop.templates.Templates;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.resolve.DirectoryCodeResolver;

/** The running shop: its database, its server and its hourly upload sweep, started and stopped together. */
public final class Shop implements AutoCloseable {
    private final Database database;
    private final Arbor server;
    private final Uploads uploads;
    private final ScheduledExecutorService sweeper;

    private Shop(Database database, Arbor server, Uploads uploads) {
        this.database = database;
        this.server = server;
        this.uploads = uploads;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("shop-upload-sweep").factory());
        sweeper.scheduleWithFixedDelay(uploads::sweepQuietly, 1, 60, TimeUnit.MINUTES);
    }

    /** Opens the database, migrates it, and starts the server. */
    public static Shop start(ShopConfig config) {
        return start(config, (services, builder) -> {});
    }

    /**
     * Starts the shop with more services, routes or actions added by {@code extend} before the server is built:
     * how the benchmarks serve their own scenarios from the real shop.
     */
    public static Shop start(ShopConfig config, BiConsumer<Services, Arbor.Builder> extend) {
        Arbor.Builder builder = Arbor.builder();
        Database database = Database.openInBackground(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
                config.dataDirectory());
        try {
            Accounts accounts = new Accounts(database.jdbi());
            Images images = new Images(config.dataDirectory().resolve("uploads"));
            Uploads uploads = new Uploads(database.jdbi(), images, Clock.systemUTC());
            // Opening the database (loading its driver, reading its files) takes as long as starting the server; the
            // two run side by side, and the server holds requests until the database is ready.
            CompletableFuture<Void> ready = database.ready()
                    .thenRun(() -> accounts.ensureAdmin(config.adminEmail(), config.adminPassword()));
            Services services = new Services()
                    .add(Database.class, database)
                    .add(Users.class, new Users(database.jdbi()))
                    .add(Accounts.class, accounts)
                    .add(Posts.class, new Posts(database.jdbi()))
                    .add(Products.class, new Products(database.jdbi()))
                    .add(Images.class, images)
                    .add(Uploads.class, uploads)
                    .add(EventBus.class, new EventBus())
                    .add(Todos.class, new Todos(database.jdbi()))
                    .add(Carts.class, new Carts(database.jdbi()))
                    .add(Orders.class, new Orders(database.jdbi()))
                    .add(OrderEvents.class, new OrderEvents())
                    .add(WebhookInbox.class, new WebhookInbox(database.jdbi()))
                    .add(StripeSettings.class, new StripeSettings(config.stripeWebhookSecret()))
                    .add(Templates.class, templates(config));
            builder.host(config.host())
                    .port(config.port())
                    .services(services)
                    .routes(ShopApp_.ROUTES)
                    .actions(ShopApp_.ACTIONS)
                    .production(config.production())
                    // Logins and logouts retire session ids; with several instances they must all hear of it.
                    .redis(config.redisUrl())
                    .origins(config.origins().toArray(String[]::new))
                    .trustedProxies(config.trustedProxies().toArray(String[]::new))
                    .bearerTokens(accounts::resolve)
                    // The catalogue is public: any web client may read it. Other routes stay same-origin.
                    .cors("/api/products", CorsPolicy.allowOrigins("*"))
                    .uploadDirectory(config.dataDirectory().resolve("tmp"))
                    .printTo(config.quiet() ? null : System.out)
                    .holdRequestsUntil(ready);
            config.secrets().applyTo(builder);
            extend.accept(services, builder);
            Arbor server = builder.build().start();
            try {
                awaitDatabase(ready);
            } catch (RuntimeException e) {
                server.stop();
                throw e;
            }
            return new Shop(database, server, uploads);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static void awaitDatabase(CompletableFuture<Void> ready) {
        try {
            ready.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Precompiled templates, or in dev mode templates compiled from source and recompiled when they change. */
    private static Templates templates(ShopConfig config) {
        if (config.templateDirectory() == null) {
            return new StaticTemplates();
        }
        try {
            Path classes = java.nio.file.Files.createTempDirectory("shop-jte-");
            return new DynamicTemplates(TemplateEngine.create(new DirectoryCodeResolver(config.templateDirectory()), classes,
                    ContentType.Html));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Arbor server() {
        return server;
    }

    public Database database() {
        return database;
    }

    /** The uploads and their sweep, which also runs by itself every hour. */
    public Uploads uploads() {
        return uploads;
    }

    /** Stops the upload sweep and the server (gracefully), then closes the database pool. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            server.stop();
        } finally {
            database.close();
        }
    }

    /** Where the shop keeps its files when no directory is given. */
    static Path defaultDataDirectory() {
        return Path.of("data");
    }
}
