package dev.arbor.bench.jmh;

import dev.arbor.internal.routing.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route matching: every request, page or API, goes through {@link RouteTable#match} before anything else runs,
 * so its cost is paid on each hit, 404s included. The table holds 200 patterns shaped like a mid-sized app's:
 * static pages, REST resources with {@code {id}} parameters (some nested two deep), and a few catch-alls.
 * Measured: splitting the raw path into segments, walking the tree (with backtracking from literal to
 * parameter to catch-all) and building the {@link RouteTable.Match} with its parameter values.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RouteMatchBenchmark {
    static final int ROUTES = 200;

    /** Twenty resources, each with the same eight shapes of page and API route. */
    private static final String[] RESOURCES = {"users", "posts", "products", "orders", "invoices", "customers",
            "suppliers", "warehouses", "shipments", "returns", "coupons", "reviews", "categories", "tags", "teams",
            "projects", "tasks", "comments", "events", "tickets"};
    private static final String[] SHAPES = {"/%s", "/%s/new", "/%s/{id}", "/%s/{id}/edit", "/api/%s", "/api/%s/{id}",
            "/api/%s/{id}/items", "/api/%s/{id}/items/{itemId}"};

    private static final String[] STATIC_PAGES = {"/", "/about", "/contact", "/pricing", "/terms", "/privacy",
            "/login", "/logout", "/signup", "/account", "/account/password", "/account/sessions", "/cart", "/checkout",
            "/checkout/done", "/search", "/admin", "/admin/settings", "/admin/settings/billing", "/admin/audit",
            "/api/health", "/api/version", "/api/me", "/api/search", "/api/webhooks/stripe", "/api/webhooks/github",
            "/feed.xml", "/sitemap.xml", "/robots.txt", "/favicon.ico", "/help", "/help/faq", "/status", "/changelog",
            "/jobs", "/press"};

    private static final String[] CATCH_ALLS = {"/docs/{path...}", "/files/{key...}", "/blog/archive/{rest...}",
            "/api/storage/{object...}"};

    private RouteTable<String> table;

    @Setup
    public void setUp() {
        List<String> patterns = new ArrayList<>();
        for (String resource : RESOURCES) {
            for (String shape : SHAPES) {
                patterns.add(shape.formatted(resource));
            }
        }
        patterns.addAll(List.of(STATIC_PAGES));
        patterns.addAll(List.of(CATCH_ALLS));
        if (patterns.size() != ROUTES) {
            throw new IllegalStateException("the table should hold " + ROUTES + " patterns, not " + patterns.size());
        }
        table = new RouteTable<>();
        for (String pattern : patterns) {
            table.add(pattern, "handler of " + pattern);
        }
        // A benchmark of the wrong branch measures nothing useful: check each path lands where it is meant to.
        expect(staticPath(), "/admin/settings/billing");
        expect(twoParams(), "/api/orders/{id}/items/{itemId}");
        expect(catchAll(), "/docs/{path...}");
        if (miss() != null) {
            throw new IllegalStateException("the miss path matched " + miss().pattern());
        }
    }

    private static void expect(RouteTable.Match<String> match, String pattern) {
        if (match == null || !match.pattern().equals(pattern)) {
            throw new IllegalStateException("expected " + pattern + ", matched " + (match == null ? "nothing" : match.pattern()));
        }
    }

    /** A static page three segments deep. */
    @Benchmark
    public RouteTable.Match<String> staticPath() {
        return table.match("/admin/settings/billing");
    }

    /** A nested resource: two {@code {id}} values captured. */
    @Benchmark
    public RouteTable.Match<String> twoParams() {
        return table.match("/api/orders/81234/items/42");
    }

    /** A catch-all taking three segments, joined back into one value. */
    @Benchmark
    public RouteTable.Match<String> catchAll() {
        return table.match("/docs/guides/routing/path-parameters");
    }

    /** A 404 that walks three segments into the tree, tries the parameter branch, and backtracks out. */
    @Benchmark
    public RouteTable.Match<String> miss() {
        return table.match("/api/orders/81234/refunds");
    }
}
