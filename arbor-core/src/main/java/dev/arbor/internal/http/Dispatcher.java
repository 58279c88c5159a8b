package dev.arbor.internal.http;

import dev.arbor.CorsPolicy;
import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.Response;
import dev.arbor.internal.routing.RouteTable;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arbor's Jetty handler: matches the path in the route table and runs the route on a virtual thread, so
 * that nothing user-written ever runs on Jetty's selector threads.
 *
 * <p>Contract: every request is completed exactly once, by {@link ResponseWriter}; a route's exception
 * becomes a problem response, never a stack trace; uploaded temporary files are deleted when the
 * response is done.
 */
public final class Dispatcher extends Handler.Abstract.NonBlocking {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** The most of an unread, refused body read and discarded so that the connection survives; see swallowUnreadBody. */
    private static final long SWALLOW_LIMIT = 4L * 1024 * 1024;

    private final RouteTable<RouteEntry> routes;
    private final Limits limits;
    private final BodyDeadline.Rule bodyDeadline;
    private final Path uploadDirectory;
    private final Executor executor;
    private final ResponseWriter writer;
    private final PageHandler pages;
    private final PageCache pageCache;
    private final Sessions sessions;
    private final ClientAddress clients;
    private final ClientScript script;
    private final Idempotency idempotency;
    /** Completes when the app is ready to serve; null once it has (one volatile read per request after that). */
    private volatile java.util.concurrent.CompletableFuture<?> ready;

    public Dispatcher(RouteTable<RouteEntry> routes, Limits limits, Path uploadDirectory, Executor executor, ResponseWriter writer,
                      dev.arbor.internal.action.Keys keys, java.util.Map<String, ActionEntry> actions, java.util.List<String> origins,
                      ClientAddress clients, ClientScript script, Sessions sessions, Idempotency idempotency,
                      PageCache pageCache) {
        this.sessions = sessions;
        this.clients = clients;
        this.idempotency = idempotency;
        this.routes = routes;
        this.limits = limits;
        this.bodyDeadline = BodyDeadline.Rule.of(limits);
        this.uploadDirectory = uploadDirectory;
        this.executor = executor;
        this.writer = writer;
        this.script = script;
        this.pageCache = pageCache;
        this.pages = new PageHandler(keys, actions, origins, clients.trustedProxies(), script.url(), pageCache, executor, writer.securityHeaders());
    }

    /** Requests wait for {@code until} before they are routed; if it fails they are answered 503. */
    public void holdRequestsUntil(java.util.concurrent.CompletionStage<?> until) {
        this.ready = until.toCompletableFuture();
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response, Callback callback) {
        executor.execute(() -> serve(request, response, callback));
        return true;
    }

    private void serve(org.eclipse.jetty.server.Request received, org.eclipse.jetty.server.Response response, Callback callback) {
        if (ready != null && !awaitReady()) {
            writer.write(received, response, callback, Response.problem(
                    new HttpError(503, "starting", "The server could not finish starting; try again shortly", java.util.List.of())
                            .withRetryAfter(java.time.Duration.ofSeconds(5))), null);
            return;
        }
        // The body's clock starts once the request is let through.
        org.eclipse.jetty.server.Request request = bodyDeadline.wrap(received);
        String path = request.getHttpURI().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            writer.write(request, response, callback, canonicalRedirect(request, path), null);
            return;
        }
        if (path.equals(script.url())) {
            writer.write(request, response, callback, script.response(), null);
            return;
        }
        if (path.startsWith(StaticAssets.PREFIX) && (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))) {
            Response asset;
            try {
                asset = StaticAssets.serve(path);
            } catch (HttpError error) {
                asset = Response.problem(error);
            }
            writer.write(request, response, callback, asset, null);
            return;
        }
        RouteTable.Match<RouteEntry> match = routes.match(path);
        if (match == null) {
            writer.write(request, response, callback, NotFound.response(path), null);
            return;
        }
        RouteEntry entry = match.value();
        ArborRequest arborRequest = new ArborRequest(request, match, limits, entry, uploadDirectory, pageCache, sessions, clients);
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        Response answer;
        Idempotency.Ticket ticket = null;
        if (!entry.definition().isPage() && entry.answers(request.getMethod())) {
            // Before anything reads the session (the idempotency scope does): bearer and webhook routes never see it.
            arborRequest.limitCredentials(entry.definition().access(request.getMethod()));
        }
        try {
            // Refusals first: a stored answer is replayed only to a caller the route accepts now, and a refused
            // request claims no key.
            answer = refusal(request, entry, arborRequest, origin);
            if (answer == null) {
                ticket = idempotency.open(request, entry, arborRequest);
                answer = ticket != null && ticket.earlier() != null ? ticket.earlier() : run(request, entry, arborRequest);
            }
        } catch (HttpError error) {
            answer = Response.problem(error);
        } catch (Throwable unexpected) {
            HttpError error;
            if (ServiceUnavailable.causedBy(unexpected)) {
                ServiceUnavailable.log(request, unexpected);
                error = ServiceUnavailable.error();
            } else {
                error = internalError(request, entry, unexpected);
            }
            answer = ErrorPages.answer(arborRequest, error);
        }
        if (ticket != null) {
            ticket.settle(answer);
        }
        arborRequest.writeSession(answer);
        if (arborRequest.readCaller() && answer.header("Cache-Control") == null && !(answer.body() instanceof Response.Body.Events)) {
            // Another caller must never be handed this answer from a cache; a route that chose its own caching keeps it,
            // and an event stream gets the writer's no-store. An answer with an ETag or a date stays the caller's
            // browser's, asked again each time, so its 304s still spare the body.
            boolean revalidated = answer.wantsEtag() || answer.header("ETag") != null || answer.header("Last-Modified") != null;
            answer.header("Cache-Control", revalidated ? "private, no-cache" : "no-store");
        }
        if (arborRequest.leftBodyUnread() && !arborRequest.swallowUnreadBody(SWALLOW_LIMIT)) {
            // Refused before reading, and too much to swallow: say so, or a client would reuse a connection that
            // still holds the body.
            answer.header("Connection", "close");
        }
        if (origin != null && !CorsHeaders.isPreflight(request)) {
            CorsHeaders.actual(answer, entry.cors(request.getMethod()), origin);
        }
        if (!(answer.body() instanceof Response.Body.Stream) && !(answer.body() instanceof Response.Body.Events)) {
            // The handler is done with its files: delete them before the client can see the answer.
            arborRequest.cleanUp();
        }
        writer.write(request, response, new CleanUp(callback, arborRequest), answer, entry);
    }

    /**
     * The answer that stands in for a route's handler: a bearer token that authenticates nobody (for pages too),
     * OPTIONS, 405, a cross-site refusal, 401 or 403; null when the handler may run. Pages (and their actions) do
     * their other checks themselves.
     */
    private Response refusal(org.eclipse.jetty.server.Request request, RouteEntry entry, ArborRequest arborRequest, String origin) {
        HttpError invalidCredential = AccessGuard.invalidCredential(arborRequest);
        if (invalidCredential != null) {
            return AccessGuard.answer(arborRequest, invalidCredential, null);
        }
        if (entry.definition().isPage()) {
            return null;
        }
        String method = request.getMethod();
        if (method.equals("OPTIONS")) {
            String requestedMethod = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
            if (origin != null && CorsHeaders.isPreflight(request)) {
                return CorsHeaders.preflight(entry, origin, requestedMethod, request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS));
            }
            return Response.noContent().header("Allow", entry.allow());
        }
        if (!entry.answers(method)) {
            return Response.problem(405, method + " is not allowed here; this path answers " + entry.allow()).header("Allow", entry.allow());
        }
        dev.arbor.Access access = entry.definition().access(method);
        if (!method.equals("GET") && !method.equals("HEAD") && arborRequest.readsCookie()) {
            // A request the session cookie authenticates is as forgeable as an action, whatever else it carries.
            String crossSite = pages.routeCrossSiteRefusal(request, entry.cors(method));
            if (crossSite != null) {
                return PageHandler.crossSiteRefused(request, arborRequest.remoteAddress(), crossSite);
            }
        }
        HttpError refused = AccessGuard.refusal(access, arborRequest);
        if (refused != null) {
            return AccessGuard.answer(arborRequest, refused, access);
        }
        return null;
    }

    private Response run(org.eclipse.jetty.server.Request request, RouteEntry entry, ArborRequest arborRequest) throws Exception {
        if (entry.definition().isPage()) {
            return pages.serve(request, entry, arborRequest);
        }
        String method = request.getMethod();
        Response answer = entry.invoker().invoke(method.equals("HEAD") ? "GET" : method, arborRequest);
        if (answer == null) {
            throw new IllegalStateException(entry.definition().handler() + " returned a null Response for " + method);
        }
        return answer;
    }

    private boolean awaitReady() {
        java.util.concurrent.CompletableFuture<?> pending = ready;
        if (pending == null) {
            return true;
        }
        try {
            // On a virtual thread: waiting here holds no platform thread.
            pending.join();
            ready = null;
            return true;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException failed) {
            return false;
        }
    }

    /** Logs an unexpected failure under a fresh id and answers a problem that names only that id. */
    private static HttpError internalError(org.eclipse.jetty.server.Request request, RouteEntry entry, Throwable unexpected) {
        String id = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        LOG.error("error {} in {} {} ({})", id, request.getMethod(), request.getHttpURI().getPath(), entry.definition().handler(), unexpected);
        return new HttpError(500, "internal", "Something went wrong on our side. Error id: " + id, java.util.List.of());
    }

    private static Response canonicalRedirect(org.eclipse.jetty.server.Request request, String path) {
        String trimmed = path.replaceAll("/+$", "");
        String query = request.getHttpURI().getQuery();
        String target = (trimmed.isEmpty() ? "/" : trimmed) + (query == null ? "" : "?" + query);
        // A leading '//' would be read by browsers as another host.
        if (target.startsWith("//")) {
            target = "/" + target.replaceFirst("^/+", "");
        }
        return Response.redirect(target, 308);
    }

    /** Deletes the request's temporary files once the response is done, whether it succeeded or failed. */
    private static final class CleanUp extends Callback.Nested {
        private final ArborRequest request;

        CleanUp(Callback callback, ArborRequest request) {
            super(callback);
            this.request = request;
        }

        @Override
        public void succeeded() {
            request.cleanUp();
            super.succeeded();
        }

        @Override
        public void failed(Throwable cause) {
            request.cleanUp();
            super.failed(cause);
        }
    }

    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** CORS headers of preflight and actual responses. */
    static final class CorsHeaders {
        private CorsHeaders() {}

        /** An OPTIONS request asking whether another origin may send a request: answered here, never by the route. */
        static boolean isPreflight(org.eclipse.jetty.server.Request request) {
            return request.getMethod().equals("OPTIONS") && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
        }

        /** The whole answer to a preflight; {@link #actual} adds nothing to it. */
        static Response preflight(RouteEntry entry, String origin, String requestedMethod, String requestedHeaders) {
            CorsPolicy policy = entry.cors(requestedMethod);
            if (policy == null) {
                return Response.problem(new HttpError(403, "cors", requestedMethod + " on this route is not open to other origins",
                        java.util.List.of())).header("Vary", "Origin");
            }
            if (!policy.allows(origin)) {
                return Response.problem(new HttpError(403, "cors", "Origin " + origin + " may not call this route", java.util.List.of()))
                        .header("Vary", "Origin");
            }
            // A prefix policy covers only the public verbs; the route's own @Cors covers all it names.
            var methods = (policy.methods().isEmpty() ? entry.definition().methods() : policy.methods()).stream()
                    .filter(m -> entry.cors(m) == policy).toList();
            if (!methods.contains(requestedMethod) && !(requestedMethod.equals("HEAD") && methods.contains("GET"))) {
                return Response.problem(new HttpError(403, "cors", requestedMethod + " is not allowed from other origins", java.util.List.of()))
                        .header("Vary", "Origin");
            }
            if (requestedHeaders != null) {
                for (String header : requestedHeaders.split(",")) {
                    String name = header.trim();
                    if (!name.isEmpty() && policy.headers().stream().noneMatch(name::equalsIgnoreCase)) {
                        return Response.problem(new HttpError(403, "cors", "Header " + name + " is not allowed from other origins", java.util.List.of()))
                                .header("Vary", "Origin");
                    }
                }
            }
            Response answer = Response.noContent()
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", String.join(", ", methods))
                    .header("Access-Control-Max-Age", Long.toString(policy.maxAgeSeconds()))
                    .header("Vary", "Origin");
            if (!policy.headers().isEmpty()) {
                answer.header("Access-Control-Allow-Headers", String.join(", ", policy.headers()));
            }
            if (policy.credentials()) {
                answer.header("Access-Control-Allow-Credentials", "true");
            }
            return answer;
        }

        static void actual(Response answer, CorsPolicy policy, String origin) {
            if (policy == null || !policy.allows(origin)) {
                return;
            }
            answer.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
            if (policy.credentials()) {
                answer.header("Access-Control-Allow-Credentials", "true");
            }
            if (!policy.exposeHeaders().isEmpty()) {
                answer.header("Access-Control-Expose-Headers", String.join(", ", policy.exposeHeaders()));
            }
        }
    }
}
