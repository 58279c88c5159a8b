package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.Response;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.routing.RouteTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arbor's Jetty handler. Each request runs on its own virtual thread, so nothing user-written ever runs on Jetty's
 * selector threads, and reads: ready → body deadline → trailing slash, client script, static assets → match →
 * {@code endpoint.handle(exchange)} → finish. Each entry of the route table had its {@link Endpoint} chosen at
 * start-up; the dispatcher never asks what kind of entry it matched.
 *
 * <p>Contract: every request is completed exactly once, by {@link ResponseWriter}; whatever a handler throws is
 * answered by {@link Failures}, never with a stack trace; uploaded temporary files are deleted when the response is
 * done.
 */
public final class Dispatcher extends Handler.Abstract.NonBlocking {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** The most of an unread, refused body read and discarded so that the connection survives; see finish. */
    private static final long SWALLOW_LIMIT = 4L * 1024 * 1024;

    /**
     * What the app brings, from its assembly: the route table, the actions by id, the key ring, the origins forms may
     * be posted from (empty: the request's own), sessions, {@code Idempotency-Key} records, and the page cache.
     */
    public record AppParts(RouteTable<RouteEntry> routes, Map<String, ActionEntry> actions, Keys keys, List<String> origins,
                           Sessions sessions, Idempotency idempotency, PageCache pageCache) {}

    /**
     * What the server brings, from its assembly: the limits, where uploads go, the executor handlers run on (one
     * virtual thread each), the response writer, the client addresses (trusted proxies) and the client runtime.
     */
    public record ServerParts(Limits limits, Path uploadDirectory, Executor executor, ResponseWriter writer,
                              ClientAddress clients, ClientScript script) {}

    private final RouteTable<Endpoint> routes;
    private final Exchange.Shared shared;
    private final BodyDeadline.Rule bodyDeadline;
    private final Executor executor;
    private final ResponseWriter writer;
    private final ClientScript script;
    /** Completes when the app is ready to serve; null once it has (one volatile read per request after that). */
    private volatile CompletableFuture<?> ready;

    public Dispatcher(AppParts app, ServerParts server) {
        this.executor = server.executor();
        this.writer = server.writer();
        this.script = server.script();
        this.bodyDeadline = BodyDeadline.Rule.of(server.limits());
        PageCache cache = app.pageCache();
        this.shared = new Exchange.Shared(server.limits(), server.uploadDirectory(), cache, app.sessions(), server.clients());
        CrossSite crossSite = new CrossSite(app.keys(), app.origins());
        PageRenderer renderer = new PageRenderer(app.keys(), app.actions(), script.url(), cache, executor, writer.securityHeaders());
        ActionPipeline actions = new ActionPipeline(app.keys(), app.actions(), crossSite, renderer);
        this.routes = app.routes().map(entry -> entry.definition().isPage()
                ? new PageEndpoint(entry, renderer, actions)
                : new RouteEndpoint(entry, crossSite, app.idempotency()));
    }

    /** Requests wait for {@code until} before they are routed; if it fails they are answered 503. */
    public void holdRequestsUntil(CompletionStage<?> until) {
        this.ready = until.toCompletableFuture();
    }

    @Override
    public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
        executor.execute(() -> serve(request, response, callback));
        return true;
    }

    private void serve(Request received, org.eclipse.jetty.server.Response response, Callback callback) {
        if (ready != null && !awaitReady()) {
            write(received, response, callback, Response.problem(
                    new HttpError(503, "starting", "The server could not finish starting; try again shortly", List.of())
                            .withRetryAfter(Duration.ofSeconds(5))), null);
            return;
        }
        // The body's clock starts once the request is let through.
        Request request = bodyDeadline.wrap(received);
        String path = request.getHttpURI().getPath();
        Response unrouted = unrouted(request, path);
        if (unrouted != null) {
            write(request, response, callback, unrouted, null);
            return;
        }
        RouteTable.Match<Endpoint> match = routes.match(path);
        if (match == null) {
            write(request, response, callback, NotFound.response(path), null);
            return;
        }
        Exchange exchange = new Exchange(request, response, callback, match, shared);
        Response answer;
        try {
            answer = match.value().handle(exchange);
        } catch (Throwable thrown) {
            answer = Failures.answer(exchange, thrown);
        }
        finish(exchange, answer);
    }

    /** The answer to a request that no route serves: a trailing slash, the client runtime, a static asset; else null. */
    private Response unrouted(Request request, String path) {
        if (path.length() > 1 && path.endsWith("/")) {
            return canonicalRedirect(request, path);
        }
        if (path.equals(script.url())) {
            return script.response();
        }
        if (path.startsWith(StaticAssets.PREFIX) && (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))) {
            try {
                return StaticAssets.serve(path);
            } catch (HttpError error) {
                return Response.problem(error);
            }
        }
        return null;
    }

    /**
     * What every routed answer gets before it is written: cookies, caching, the unread body, CORS, clean-up. Whatever
     * is thrown on the way (a session grown past its cookie's size) is answered through {@link Failures} instead,
     * without the cookies that failed; the callback and the clean-up complete exactly once whatever happens.
     */
    private void finish(Exchange exchange, Response answer) {
        Callback done = new CleanUp(exchange.callback(), exchange.body());
        Response prepared;
        try {
            prepared = prepare(exchange, answer, true);
        } catch (Throwable thrown) {
            prepared = failedToFinish(exchange, thrown);
        }
        write(exchange.jetty(), exchange.response(), done, prepared, exchange.entry());
    }

    /** The answer to a request whose answer could not be finished: the failure's, with no cookie of this exchange. */
    private static Response failedToFinish(Exchange exchange, Throwable thrown) {
        try {
            return prepare(exchange, Failures.answer(exchange, thrown), false);
        } catch (Throwable again) {
            again.addSuppressed(thrown);
            return lastResort(again);
        }
    }

    private static Response prepare(Exchange exchange, Response answer, boolean withCookies) {
        RequestBody body = exchange.body();
        if (withCookies) {
            exchange.writeCookies(answer);
        }
        exchange.deleteRenamedAnchors(answer);
        if (exchange.caller().read() && answer.header("Cache-Control") == null && !(answer.body() instanceof Response.Body.Events)) {
            // Another caller must never be handed this answer from a cache; a route that chose its own caching keeps it,
            // and an event stream gets the writer's no-store. An answer with an ETag or a date stays the caller's
            // browser's, asked again each time, so its 304s still spare the body.
            boolean revalidated = answer.wantsEtag() || answer.header("ETag") != null || answer.header("Last-Modified") != null;
            answer.header("Cache-Control", revalidated ? "private, no-cache" : "no-store");
        }
        if (body.leftUnread() && !body.swallowUnread(SWALLOW_LIMIT)) {
            // Refused before reading, and too much to swallow: say so, or a client would reuse a connection that
            // still holds the body.
            answer.header("Connection", "close");
        }
        if (exchange.origin() != null && !exchange.preflight()) {
            CorsHeaders.actual(answer, exchange.entry().cors(exchange.method()), exchange.origin());
        }
        if (!(answer.body() instanceof Response.Body.Stream) && !(answer.body() instanceof Response.Body.Events)) {
            // The handler is done with its files: delete them before the client can see the answer.
            body.cleanUp();
        }
        return answer;
    }

    /**
     * Writes {@code answer}; if the writer throws, the client gets a bare 500 when nothing was sent yet, else the
     * connection is aborted. Either way the callback completes (once: a callback the writer already handed to Jetty
     * is completed only by whichever comes first).
     */
    private void write(Request request, org.eclipse.jetty.server.Response response, Callback callback, Response answer, RouteEntry entry) {
        Callback once = callback instanceof CleanUp ? callback : new CleanUp(callback, null);
        try {
            writer.write(request, response, once, answer, entry);
        } catch (Throwable thrown) {
            String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
            LOG.error("error {} writing the answer to {} {}", id, request.getMethod(), request.getHttpURI().getPath(), thrown);
            if (response.isCommitted()) {
                once.failed(thrown);
                return;
            }
            try {
                response.reset();
                ResponseWriter.failBeforeCommit(response, once, internal(id));
            } catch (Throwable again) {
                once.failed(again);
            }
        }
    }

    private static Response lastResort(Throwable thrown) {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        LOG.error("error {} answering a failed request", id, thrown);
        return Response.problem(internal(id)).header("Cache-Control", "no-store");
    }

    private static HttpError internal(String id) {
        return new HttpError(500, "internal", "Something went wrong on our side. Error id: " + id, List.of());
    }

    private boolean awaitReady() {
        CompletableFuture<?> pending = ready;
        if (pending == null) {
            return true;
        }
        try {
            // On a virtual thread: waiting here holds no platform thread.
            pending.join();
            ready = null;
            return true;
        } catch (CompletionException | CancellationException failed) {
            return false;
        }
    }

    private static Response canonicalRedirect(Request request, String path) {
        String trimmed = path.replaceAll("/+$", "");
        String query = request.getHttpURI().getQuery();
        String target = (trimmed.isEmpty() ? "/" : trimmed) + (query == null ? "" : "?" + query);
        // A leading '//' would be read by browsers as another host.
        if (target.startsWith("//")) {
            target = "/" + target.replaceFirst("^/+", "");
        }
        return Response.redirect(target, 308);
    }

    /**
     * Completes the request's callback exactly once, whoever calls first, and deletes the request's temporary files
     * (if {@code body} is not null) once the response is done, whether it succeeded or failed.
     */
    private static final class CleanUp extends Callback.Nested {
        private final RequestBody body;
        private final AtomicBoolean completed = new AtomicBoolean();

        CleanUp(Callback callback, RequestBody body) {
            super(callback);
            this.body = body;
        }

        @Override
        public void succeeded() {
            if (completed.compareAndSet(false, true)) {
                cleanUp();
                super.succeeded();
            }
        }

        @Override
        public void failed(Throwable cause) {
            if (completed.compareAndSet(false, true)) {
                cleanUp();
                super.failed(cause);
            }
        }

        private void cleanUp() {
            if (body != null) {
                try {
                    body.cleanUp();
                } catch (Throwable thrown) {
                    LOG.warn("could not delete a request's uploaded files", thrown);
                }
            }
        }
    }

    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }
}
