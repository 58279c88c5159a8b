package dev.arbor.internal.server;

import dev.arbor.CorsPolicy;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.bind.Json;
import dev.arbor.internal.http.ActionEntry;
import dev.arbor.internal.http.ClientAddress;
import dev.arbor.internal.http.ClientScript;
import dev.arbor.internal.http.Dispatcher;
import dev.arbor.internal.http.Idempotency;
import dev.arbor.internal.http.PageCache;
import dev.arbor.internal.http.ResponseWriter;
import dev.arbor.internal.http.RouteEntry;
import dev.arbor.internal.http.SecurityHeaders;
import dev.arbor.internal.http.Sessions;
import dev.arbor.internal.http.SseSessions;
import dev.arbor.internal.http.TrustedProxies;
import dev.arbor.internal.routing.RouteTable;
import dev.arbor.internal.state.MemoryState;
import dev.arbor.internal.state.SharedState;
import dev.arbor.spi.Access;
import dev.arbor.spi.ActionDefinition;
import dev.arbor.spi.RouteDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start of the app, assembled from the settings: the key ring (and the production policy that refuses to
 * start without a secret), the route table with each route's CORS prefix policy, the action table under every
 * accepted id, the shared state, the page cache, event streams, handler threads, and the dispatcher that serves
 * them. Everything that expires reads the settings' clock. Built once per start and closed once at stop; the caller
 * ({@code Arbor}) serializes both.
 */
public final class AppAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppAssembly.class);

    private final Settings settings;
    private final List<RouteEntry> entries = new ArrayList<>();
    private ExecutorService handlers;
    private SseSessions sse;
    private SharedState shared;
    private final Dispatcher dispatcher;

    /** Builds every part; if one fails, what was already started is closed and the failure thrown. */
    public AppAssembly(Settings settings, TrustedProxies proxies) throws IOException {
        this.settings = settings;
        try {
            Keys keys = keyRing(settings);
            Json.configure(settings.limits);
            RouteTable<RouteEntry> table = buildTable();
            Map<String, ActionEntry> actions = buildActions(keys);
            Files.createDirectories(settings.uploadDirectory);
            ClientAddress clients = new ClientAddress(proxies);
            handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("arbor-handler").factory());
            sse = new SseSessions(settings.sseHeartbeat, settings.limits, clients);
            shared = SharedState.of(settings.redis, settings.clock);
            ResponseWriter writer = new ResponseWriter(sse, new SecurityHeaders(settings.cspSources, settings.cspReports));
            dispatcher = new Dispatcher(
                    new Dispatcher.AppParts(table, actions, keys, List.copyOf(settings.origins),
                            new Sessions(keys, settings.sessionLifetime, settings.tokens, settings.clock, shared),
                            new Idempotency(idempotencyState(), settings.idempotencyKeyLifetime),
                            new PageCache(shared, settings.pageCacheBytes, settings.clock)),
                    new Dispatcher.ServerParts(settings.limits, settings.uploadDirectory, handlers, writer, clients, ClientScript.load()));
            if (settings.ready != null) {
                dispatcher.holdRequestsUntil(settings.ready);
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** The app's Jetty handler. */
    public Dispatcher handler() {
        return dispatcher;
    }

    /** Where this start's revocations, idempotency records (with Redis) and rate-limit counts live. */
    public SharedState shared() {
        return shared;
    }

    public int openEventStreams() {
        return sse.size();
    }

    /** Ends every open event stream with a final event, before the server stops. */
    public void closeEventStreams() {
        sse.closeAll();
    }

    /**
     * Whether {@code ARBOR_ENV} asks for production. Anything but the two names is refused rather than taken for
     * development: a misspelt {@code prod} must not start a production server with a random secret.
     */
    static boolean productionFromEnvironment(String value) {
        if (value == null || value.isBlank() || value.equals("development")) {
            return false;
        }
        if (value.equals("production")) {
            return true;
        }
        throw new IllegalStateException("ARBOR_ENV must be 'production' or 'development' (or unset), was '" + value + "'");
    }

    /** The configured key ring; in production, none is an error, in development a random key and a warning. */
    private static Keys keyRing(Settings settings) {
        boolean production = settings.production != null ? settings.production : productionFromEnvironment(System.getenv("ARBOR_ENV"));
        byte[] current = settings.secret;
        if (current == null) {
            if (production) {
                throw new IllegalStateException("Arbor is in production mode (ARBOR_ENV=production or Arbor.Builder.production(true)) "
                        + "but no app secret is configured: set one with Arbor.Builder.secret(bytes) - at least 32 random bytes, "
                        + "the same on every instance, for example from an ARBOR_SECRET environment variable. Without it, "
                        + "action ids, CSRF tokens, sealed form values and sessions would change at every restart and differ "
                        + "between instances.");
            }
            if (!settings.previousSecrets.isEmpty()) {
                throw new IllegalStateException("Arbor.Builder.previousSecret(...) needs a current Arbor.Builder.secret(...)");
            }
            LOG.warn("No app secret configured (Arbor.Builder.secret): using a random one, so action ids and sealed form "
                    + "values change at every restart. Configure one in production.");
            current = Keys.randomSecret();
        }
        Instant now = settings.clock.instant();
        List<Keys.Previous> previous = new ArrayList<>();
        for (Keys.Previous p : settings.previousSecrets) {
            if (p.acceptedUntil().isAfter(now)) {
                previous.add(p);
            } else {
                LOG.info("A previous app secret was accepted until {} and is ignored; it can be removed from the configuration",
                        p.acceptedUntil());
            }
        }
        return new Keys(current, previous, settings.boundValuesLifetime, settings.clock);
    }

    private RouteTable<RouteEntry> buildTable() {
        RouteTable<RouteEntry> table = new RouteTable<>();
        for (RouteDefinition definition : settings.routes) {
            if (settings.tokens == null && definition.access().values().stream().anyMatch(a -> a.kind() == Access.Kind.BEARER)) {
                throw new IllegalStateException(definition.handler() + " is @BearerAuth, but the app resolves no bearer tokens: "
                        + "configure Arbor.Builder.bearerTokens(token -> …)");
            }
            // The entry weighs the prefix policy against the route's own @Cors and each verb's access.
            RouteEntry entry = RouteEntry.of(definition, definition.factory().apply(settings.services), prefixPolicy(definition.path()),
                    settings.limits);
            table.add(definition.path(), entry);
            entries.add(entry);
        }
        return table;
    }

    /** The policy of the longest configured prefix that {@code path} lies under (whole segments only), or null. */
    private CorsPolicy prefixPolicy(String path) {
        CorsPolicy best = null;
        int bestLength = -1;
        for (var prefix : settings.corsPrefixes.entrySet()) {
            String p = prefix.getKey();
            boolean under = path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/");
            if (under && p.length() > bestLength) {
                best = prefix.getValue();
                bestLength = p.length();
            }
        }
        return best;
    }

    /**
     * Each action under its current id and, while a previous key is accepted, under the id that key gave it: a
     * page rendered before a rotation still posts. The page handler checks that an alias is still accepted.
     */
    private Map<String, ActionEntry> buildActions(Keys keys) {
        Map<String, ActionEntry> byId = new HashMap<>();
        for (ActionDefinition definition : settings.actions) {
            String key = definition.ref().key();
            ActionDefinition.Invoker invoker = definition.factory().apply(settings.services);
            for (Map.Entry<String, Instant> id : keys.acceptedActionIds(key).entrySet()) {
                if (byId.put(id.getKey(), new ActionEntry(id.getKey(), definition, invoker, id.getValue())) != null) {
                    throw new IllegalStateException("Action " + key + " is registered twice");
                }
            }
        }
        return byId;
    }

    /**
     * Where idempotency records go: with the session revocations in Redis, or in memory of their own with a size
     * limit, so that a flood of keyed requests can neither grow the heap without bound nor crowd out revocations.
     */
    private SharedState idempotencyState() {
        return settings.redis == null ? new MemoryState(settings.clock, MemoryState.IDEMPOTENCY_BUDGET) : shared;
    }

    /**
     * Prints the route table and the time to ready (since {@code begin}, a {@link System#nanoTime} reading) where
     * the settings say, if anywhere.
     */
    public void printRoutes(URI uri, long begin) {
        PrintStream out = settings.out;
        if (out == null) {
            return;
        }
        int pathWidth = Math.max(4, entries.stream().mapToInt(e -> e.definition().path().length()).max().orElse(4));
        String row = "  %-26s %-" + pathWidth + "s  %-6s  %s%n";
        StringBuilder table = new StringBuilder("\nArbor routes\n");
        table.append(String.format(row, "Method", "Path", "Kind", "Handler"));
        entries.stream().sorted(Comparator.comparing(e -> e.definition().path())).forEach(e ->
                table.append(String.format(row, e.allow().replace(", OPTIONS", "").replace(", ", " "), e.definition().path(),
                        e.definition().kind(), e.definition().handler())));
        for (ActionDefinition action : settings.actions) {
            table.append(String.format(row, "POST", "(any page)", "action", action.handler()));
        }
        long startMillis = (System.nanoTime() - begin) / 1_000_000;
        // Start-up is timed on the machine's clocks, not the settings' clock: it measures this process, not expiry.
        String sinceProcess = ProcessHandle.current().info().startInstant()
                .map(t -> ", " + Duration.between(t, Instant.now()).toMillis() + " ms since the process started").orElse("");
        table.append(String.format("%nReady on %s in %d ms%s%n", uri, startMillis, sinceProcess));
        out.print(table);
        out.flush();
    }

    /** Stops the event-stream scheduler and the handler threads and closes the shared state; safe to call twice. */
    @Override
    public void close() {
        if (sse != null) {
            sse.shutdownScheduler();
        }
        if (handlers != null) {
            handlers.shutdown();
        }
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
