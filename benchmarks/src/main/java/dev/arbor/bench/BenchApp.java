package dev.arbor.bench;

import dev.arbor.ArborApp;
import dev.arbor.Limits;
import dev.arbor.bench.templates.StaticTemplates;
import dev.arbor.bench.templates.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import shop.Shop;
import shop.ShopConfig;
import shop.data.Accounts;
import shop.data.Database;

/**
 * The Arbor side of the benchmarks: the real shop, plus the few pages, actions and routes that only the
 * benchmark scenarios need (package {@code dev.arbor.bench.app}). Everything the scenarios call on the shop
 * itself ({@code /api/products/{id}}, {@code POST /api/users}, {@code /api/events}) is the shop's own code.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.arbor.bench.BenchApp PORT DATA_DIR [HOST]</pre>
 *
 * <p>{@code POST /api/users} is for administrators, so at each start an administrator's API key is written to
 * {@code DATA_DIR/admin-key}; the scripts send it as {@code Authorization: Bearer …}.
 */
@ArborApp
public final class BenchApp {
    /** Uploads up to this size are accepted by {@code /bench/upload}, so the suite can try large files. */
    public static final long MAX_UPLOAD = 256L * 1024 * 1024;
    /** Event streams accepted, in total and from one address, so the SSE scenarios can hold thousands of clients. */
    public static final int MAX_EVENT_STREAMS = 20_000;

    static final String ADMIN_EMAIL = "bench-admin@bench.test";
    private static final String ADMIN_PASSWORD = "bench-admin-password";

    private BenchApp() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: BenchApp PORT DATA_DIR [HOST]");
            System.exit(2);
        }
        String host = args.length > 2 ? args[2] : "127.0.0.1";
        Path data = Path.of(args[1]);
        // A local, throw-away administrator: only its API key is used, and only by the benchmark scripts.
        ShopConfig config = ShopConfig.of(host, Integer.parseInt(args[0]), null, null, null, data)
                .withAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
        Shop shop = Shop.start(config, (services, builder) -> {
            services.add(BenchData.class, new BenchData(services.get(Database.class).jdbi()).prepare())
                    .add(Templates.class, new StaticTemplates());
            builder.routes(BenchApp_.ROUTES)
                    .actions(BenchApp_.ACTIONS)
                    .limits(Limits.defaults().withMaxUploadFileSize(MAX_UPLOAD).withMaxUploadSize(MAX_UPLOAD)
                            // The SSE scenarios hold up to SSE_LARGE_CLIENTS streams, all from the load client's one address.
                            .withMaxEventStreamsPerClient(MAX_EVENT_STREAMS).withMaxEventStreams(MAX_EVENT_STREAMS));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(shop::close, "bench-shutdown"));
        writeAdminKey(new Accounts(shop.database().jdbi()), data.resolve("admin-key"));
        System.out.println("Arbor (shop + benchmark pages) ready on http://" + host + ":" + shop.server().port());
    }

    /** Makes sure the benchmark's administrator exists and writes a new API key of theirs to {@code file}. */
    static void writeAdminKey(Accounts accounts, Path file) {
        accounts.ensureAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
        long admin = accounts.findByEmail(ADMIN_EMAIL).orElseThrow().id();
        try {
            Files.writeString(file, accounts.issueKey(admin).token());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }
}
