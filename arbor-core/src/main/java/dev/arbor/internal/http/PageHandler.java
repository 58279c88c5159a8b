package dev.arbor.internal.http;

import dev.arbor.ActionContext;
import dev.arbor.ActionDefinition;
import dev.arbor.ActionResult;
import dev.arbor.Cookie;
import dev.arbor.FormState;
import dev.arbor.HttpError;
import dev.arbor.Response;
import dev.arbor.internal.action.CsrfGuard;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.bind.Binder;
import dev.arbor.internal.bind.Json;
import dev.arbor.internal.render.RenderContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves pages and the server actions their forms call. GET renders the page; POST to the same URL runs an
 * action, in this order and nowhere else: CSRF check, action lookup, body limit, bound values, form binding
 * and validation, the action, and then the answer for a plain form post (303 or 422 with the page) or for
 * the client runtime (the page re-rendered, or a redirect header). Nothing of the action runs before the
 * CSRF check passes.
 */
final class PageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PageHandler.class);
    static final String SESSION_COOKIE = "arbor_sid";
    /** The anchor's name over HTTPS: a sibling subdomain or a plain-HTTP page cannot set a {@code __Host-} cookie. */
    static final String SECURE_SESSION_COOKIE = "__Host-arbor_sid";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Keys keys;
    private final Map<String, ActionEntry> actions;
    private final List<String> configuredOrigins;
    private final TrustedProxies trustedProxies;
    private final String scriptUrl;
    private final PageCache cache;
    private final java.util.concurrent.Executor executor;
    private final String buildId;
    private final SecurityHeaders securityHeaders;

    PageHandler(Keys keys, Map<String, ActionEntry> actions, List<String> configuredOrigins, TrustedProxies trustedProxies,
                String scriptUrl, PageCache cache, java.util.concurrent.Executor executor, SecurityHeaders securityHeaders) {
        this.securityHeaders = securityHeaders;
        this.executor = executor;
        this.trustedProxies = trustedProxies;
        this.keys = keys;
        this.actions = actions;
        this.configuredOrigins = configuredOrigins;
        this.scriptUrl = scriptUrl;
        this.cache = cache;
        this.buildId = buildId(actions);
    }

    /**
     * The id of this build's action table: a hash of the method identities of its actions, which include their
     * parameter types. Two builds with the same actions have the same id, whatever their key rings.
     */
    static String buildId(Map<String, ActionEntry> actions) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        actions.values().forEach(a -> keys.add(a.definition().ref().key()));
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            keys.forEach(k -> digest.update((k + "\n").getBytes(StandardCharsets.UTF_8)));
            return java.util.HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Response serve(org.eclipse.jetty.server.Request jetty, RouteEntry entry, ArborRequest request) throws Exception {
        return switch (jetty.getMethod()) {
            case "GET", "HEAD" -> request.query("_action") != null ? actionByGet() : render(jetty, entry, request, Map.of(), 200);
            case "POST" -> action(jetty, entry, request);
            case "OPTIONS" -> Response.noContent().header("Allow", "GET, HEAD, POST, OPTIONS");
            default -> Response.problem(405, jetty.getMethod() + " is not allowed on a page; it answers GET, HEAD, POST, OPTIONS")
                    .header("Allow", "GET, HEAD, POST, OPTIONS");
        };
    }

    /** The CSRF anchor cookie's name: {@code __Host-} prefixed over HTTPS, where only that one is read. */
    static String anchorName(boolean https) {
        return https ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
    }

    /** The visitor's CSRF anchor: the one a login or logout in this request chose, else the cookie's; null if none. */
    private static String anchor(org.eclipse.jetty.server.Request jetty, ArborRequest request) {
        String rotated = request.rotatedAnchor();
        String anchor = rotated != null ? rotated : request.cookie(anchorName(jetty.isSecure()));
        return anchor != null && anchor.length() == 22 ? anchor : null;
    }

    /**
     * A GET or HEAD naming an action (a form with {@code method="get"}, a link, a crawler, an {@code <img src>}) is
     * addressed to the action endpoint, which answers POST only: 405, and neither the action nor the page runs.
     */
    private static Response actionByGet() {
        return Response.problem(new HttpError(405, "action-needs-post", "Actions run only from a POST of their form", List.of()))
                .header("Allow", "POST");
    }

    /** Renders the page with the given form states (after an action) and the flash cookie's message, if any. */
    private Response render(org.eclipse.jetty.server.Request jetty, RouteEntry entry, ArborRequest request,
                            Map<String, FormState> states, int status) throws Exception {
        String existing = anchor(jetty, request);
        Flash.Message flash = Flash.read(keys, existing, request.cookie(Flash.COOKIE));
        if (entry.definition().revalidate() > 0 && states.isEmpty() && flash == null && status == 200) {
            Response cached = fromCache(jetty, entry, request, existing);
            if (cached != null) {
                return cached;
            }
        }
        // A new session id only when the page renders a form and so needs a CSRF token.
        String[] session = {existing};
        Supplier<String> token = () -> keys.csrfToken(session[0] != null ? session[0] : (session[0] = randomId()));
        try (RenderContext context = RenderContext.open(target(jetty), token, keys, scriptUrl)) {
            states.forEach(context::state);
            if (flash != null) {
                ActionEntry from = actions.get(flash.actionId());
                if (from != null) {
                    context.state(from.definition().ref().key(), FormState.success(flash.text()));
                }
                context.flash(flash.text());
            }
            Response answer;
            try {
                answer = entry.invoker().invoke("GET", request);
            } catch (HttpError error) {
                answer = ErrorPages.html(error);
            }
            if (answer.status() == 200 && status != 200) {
                answer.withStatus(status);
            }
            securityHeaders.page(answer, context.nonceIfUsed());
            if (existing == null && session[0] != null) {
                answer.cookie(Cookie.of(anchorName(jetty.isSecure()), session[0]));
            }
            if (flash != null) {
                answer.cookie(Cookie.delete(Flash.COOKIE));
            }
            answer.header("Cache-Control", "no-store");
            return answer;
        }
    }

    /**
     * The page from the shared cache: rendered now on a miss, served as is while fresh, served stale while one
     * background render replaces it. Null when the page cannot be cached (it did not answer 200 HTML).
     */
    private Response fromCache(org.eclipse.jetty.server.Request jetty, RouteEntry entry, ArborRequest request, String existing) {
        String path = jetty.getHttpURI().getPath();
        List<String> declared = entry.definition().query();
        String key = PageCache.key(path, declared, request);
        PageCache.Page page = cache.page(key);
        String state = "HIT";
        if (page == null) {
            page = renderForCache(entry, request.snapshot(declared), path, key);
            state = "MISS";
            if (page == null) {
                return null;
            }
        } else if (cache.now() - page.renderedNanos() > page.revalidateNanos()) {
            state = "STALE";
            if (cache.claimRefresh(key)) {
                SnapshotRequest snapshot = request.snapshot(declared);
                executor.execute(() -> {
                    try {
                        renderForCache(entry, snapshot, path, key);
                    } catch (RuntimeException e) {
                        LOG.warn("background render of {} failed; the stale page stays", key, e);
                    } finally {
                        cache.refreshed(key);
                    }
                });
            }
        }
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        String freshNonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        // A new anchor only when the page holds a form and so needs a token.
        String[] minted = {null};
        byte[] html = Placeholders.fill(page.body(), freshNonce,
                () -> keys.csrfToken(existing != null ? existing : (minted[0] = randomId())));
        Response answer = Response.bytes(html, page.contentType())
                .header("Cache-Control", "no-store")
                .header("X-Arbor-Cache", state);
        if (minted[0] != null) {
            answer.cookie(Cookie.of(anchorName(jetty.isSecure()), minted[0]));
        }
        securityHeaders.page(answer, freshNonce);
        return answer;
    }

    private PageCache.Page renderForCache(RouteEntry entry, SnapshotRequest request, String path, String key) {
        long generation = cache.generation();
        try (RenderContext context = RenderContext.openForCache(key, keys, scriptUrl)) {
            Response answer;
            try {
                answer = entry.invoker().invoke("GET", request);
            } catch (HttpError expected) {
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (answer.status() != 200 || !(answer.body() instanceof Response.Body.Bytes bytes) || !answer.cookies().isEmpty()
                    || !bytes.contentType().startsWith("text/html")) {
                return null;
            }
            PageCache.Page page = new PageCache.Page(path, bytes.data(), bytes.contentType(), cache.now(),
                    entry.definition().revalidate() * 1_000_000_000L, java.util.Set.copyOf(context.readTags()));
            cache.store(key, page, generation);
            return page;
        }
    }

    /** Every answer to an action post names the build that gave it, so a client can tell it talked to another one. */
    private Response action(org.eclipse.jetty.server.Request jetty, RouteEntry entry, ArborRequest request) throws Exception {
        Response answer;
        try {
            answer = runAction(jetty, entry, request);
        } catch (HttpError refused) {
            // Thrown before the action ran: a body too large or not a form, bound values altered.
            answer = ErrorPages.refusal(request, refused);
        }
        return answer.header("X-Build-Id", buildId);
    }

    private Response runAction(org.eclipse.jetty.server.Request jetty, RouteEntry entry, ArborRequest request) throws Exception {
        boolean enhanced = "1".equals(jetty.getHeaders().get("Arbor-Enhanced"));
        String sessionId = request.cookie(anchorName(jetty.isSecure()));
        String secFetchSite = jetty.getHeaders().get("Sec-Fetch-Site");
        String origin = jetty.getHeaders().get(HttpHeader.ORIGIN);
        String token = null;
        if (secFetchSite == null && origin == null) {
            token = jetty.getHeaders().get("X-CSRF-Token");
            if (token == null) {
                token = request.formValue("_csrf");
            }
        }
        // The session's token is derived only when the headers leave the decision to it.
        String refusal = CsrfGuard.check(secFetchSite, origin, allowedOrigins(jetty), token,
                sessionId != null && secFetchSite == null && origin == null && keys.acceptsCsrfToken(sessionId, token));
        if (refusal != null) {
            return ErrorPages.refusal(request, crossSiteError(jetty, request.remoteAddress(), refusal));
        }
        if (!request.isMultipart() && !"application/x-www-form-urlencoded".equals(request.contentType())) {
            return ErrorPages.refusal(request, new HttpError(415, (request.contentType() == null ? "No Content-Type" : "Content-Type "
                    + request.contentType()) + ": an action takes a form (application/x-www-form-urlencoded or multipart/form-data)"));
        }
        Map<String, List<String>> fields = request.form();
        String id = first(fields, "_action");
        if (!isActionId(id)) {
            return ErrorPages.refusal(request, new HttpError(400, "action-missing", "The form names no valid action (_action)", List.of()));
        }
        ActionEntry action = actions.get(id);
        // Unknown: a page from another build (or a key that left the ring). Never another action in its place.
        if (action == null || !keys.stillAccepted(action.acceptedUntil())) {
            return outOfDate(jetty, request, enhanced, "build-mismatch", OUT_OF_DATE);
        }
        HttpError refused = AccessGuard.refusal(action.definition().access(), request);
        if (refused != null) {
            // Before its bound values, its form or its code are touched.
            return AccessGuard.answer(request, refused, action.definition().access());
        }
        long limit = action.definition().maxBodySize();
        if (limit > 0 && request.bytesRead() > limit) {
            return ErrorPages.refusal(request, new HttpError(413, "Request larger than this action's " + limit + " bytes"));
        }
        List<Object> bound;
        try {
            bound = openBound(action, first(fields, "_bound"));
        } catch (HttpError expired) {
            if (expired.status() != 409) {
                throw expired;
            }
            return outOfDate(jetty, request, enhanced, expired.type(), TOO_OLD);
        }
        Map<String, String> values = submittedValues(fields);
        ActionResult result;
        try {
            result = action.invoker().invoke(new Call(request, action, bound, fields, cache));
        } catch (InvalidForm invalid) {
            result = new ActionResult.State(invalid.state.withValues(values));
        } catch (HttpError thrown) {
            // An action may throw an expected HTTP error (429 from a rate limit, 401 from requireUser…):
            // the client runtime gets the problem, a plain form post a page it can show.
            return ErrorPages.answer(request, thrown);
        } catch (Exception failure) {
            if (!ServiceUnavailable.causedBy(failure)) {
                throw failure;
            }
            // The database could not be reached: the form comes back as it was sent, to be sent again; a script is
            // told to send the same request again.
            ServiceUnavailable.log(jetty, failure);
            if (!enhanced && !request.wantsHtml()) {
                return Response.problem(ServiceUnavailable.error());
            }
            FormState retry = FormState.failure(ServiceUnavailable.MESSAGE).withValues(values);
            return ServiceUnavailable.retryAfter(render(jetty, entry, request, Map.of(action.definition().ref().key(), retry), 503));
        }
        return answer(jetty, entry, request, action, result, values, enhanced);
    }

    private Response answer(org.eclipse.jetty.server.Request jetty, RouteEntry entry, ArborRequest request, ActionEntry action,
                            ActionResult result, Map<String, String> values, boolean enhanced) throws Exception {
        String key = action.definition().ref().key();
        return switch (result) {
            case ActionResult.Redirect redirect -> enhanced
                    ? Response.noContent().header("Arbor-Redirect", redirect.location())
                    : Response.redirect(redirect.location());
            case ActionResult.State state when state.state().failed() ->
                    render(jetty, entry, request, Map.of(key, state.state().withValues(values)), 422);
            case ActionResult.State state -> {
                if (enhanced) {
                    yield render(jetty, entry, request, Map.of(key, state.state()), 200);
                }
                Response back = Response.redirect(target(jetty));
                if (!state.state().message().isEmpty()) {
                    flash(jetty, request, back, new Flash.Message(action.id(), state.state().message()));
                }
                yield back;
            }
            case ActionResult.NotFound notFound -> ErrorPages.answer(request, HttpError.notFound(notFound.message()));
            case ActionResult.Forbidden forbidden -> ErrorPages.answer(request, HttpError.forbidden(forbidden.message()));
        };
    }

    private static final String OUT_OF_DATE = "This page is out of date: it was reloaded, please try again.";
    private static final String TOO_OLD = "This form was too old to send: the page was reloaded, please try again.";

    /**
     * Nothing ran; the page must be loaded again. The client runtime gets a 409 problem and reloads (the flash
     * cookie makes the reloaded page say why); a plain form post gets 303 back to the page with that message.
     */
    private Response outOfDate(org.eclipse.jetty.server.Request jetty, ArborRequest request, boolean enhanced, String type,
                               String message) {
        // The runtime reloads; the flash cookie makes the reloaded page say why.
        Response answer = enhanced
                ? Response.problem(new HttpError(409, type, message, List.of())).header("Arbor-Reload", "1")
                : Response.redirect(target(jetty));
        return flash(jetty, request, answer, new Flash.Message("", message));
    }

    /**
     * Adds the flash cookie for the page view after this answer, sealed for the visitor's anchor: the one a login
     * or logout in this request chose, else the one the post came with, else a new one set with it.
     */
    private Response flash(org.eclipse.jetty.server.Request jetty, ArborRequest request, Response answer, Flash.Message message) {
        String anchor = anchor(jetty, request);
        if (anchor == null) {
            anchor = randomId();
            answer.cookie(Cookie.of(anchorName(jetty.isSecure()), anchor));
        }
        return answer.cookie(Flash.cookie(keys, anchor, message));
    }

    private List<Object> openBound(ActionEntry action, String sealed) {
        List<Class<?>> types = action.definition().ref().boundTypes();
        if (types.isEmpty()) {
            return List.of();
        }
        if (sealed == null) {
            throw new HttpError(400, "invalid-bound-args", "The form lacks the action's bound values", List.of());
        }
        byte[] plain = keys.open(action.id(), sealed);
        try {
            var array = Json.mapper().readTree(plain);
            if (!array.isArray() || array.size() != types.size()) {
                throw new IllegalArgumentException();
            }
            Object[] values = new Object[types.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Json.mapper().treeToValue(array.get(i), types.get(i));
            }
            return List.of(values);
        } catch (Exception e) {
            throw new HttpError(400, "invalid-bound-args", "The form's bound values are not what the action takes", List.of());
        }
    }

    /** The 403 for a cross-site action post or unsafe route request, logged with why; nothing of it has run. */
    static Response crossSiteRefused(org.eclipse.jetty.server.Request jetty, String remoteAddress, String reason) {
        return Response.problem(crossSiteError(jetty, remoteAddress, reason));
    }

    private static HttpError crossSiteError(org.eclipse.jetty.server.Request jetty, String remoteAddress, String reason) {
        LOG.warn("refused cross-site {} to {} from {}: {}", jetty.getMethod(), jetty.getHttpURI().getPath(), remoteAddress, reason);
        return new HttpError(403, "csrf", "Cross-site request refused: " + reason, List.of());
    }

    /**
     * Why a state-changing request to a route may not come from where it came from, or null. The same check as
     * for actions (Fetch Metadata, then {@code Origin}, never the Content-Type), except that a request with
     * neither header is not a browser's and passes, as does one coming from an origin the route's CORS policy
     * names. Asked only for requests the session cookie authenticates: whatever {@code Authorization} they also
     * carry (a browser adds {@code Basic} and {@code Negotiate} by itself), it is the cookie that acts.
     */
    String routeCrossSiteRefusal(org.eclipse.jetty.server.Request jetty, dev.arbor.CorsPolicy cors) {
        String secFetchSite = jetty.getHeaders().get("Sec-Fetch-Site");
        String origin = jetty.getHeaders().get(HttpHeader.ORIGIN);
        if (secFetchSite == null && origin == null) {
            return null;
        }
        if (origin != null && cors != null && cors.origins().contains(origin.toLowerCase(java.util.Locale.ROOT))) {
            return null;
        }
        return CsrfGuard.check(secFetchSite, origin, allowedOrigins(jetty), null, false);
    }

    /**
     * The origins form posts may come from: the configured ones; else the request's own scheme and Host, taken
     * from {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} only when the peer is a configured trusted proxy.
     */
    private List<String> allowedOrigins(org.eclipse.jetty.server.Request jetty) {
        if (!configuredOrigins.isEmpty()) {
            return configuredOrigins;
        }
        // The scheme already reflects a trusted proxy's X-Forwarded-Proto (ForwardedScheme).
        var uri = jetty.getHttpURI();
        String authority = uri.getAuthority();
        if (trustedProxies.contains(org.eclipse.jetty.server.Request.getRemoteAddr(jetty))) {
            String forwardedHost = jetty.getHeaders().get("X-Forwarded-Host");
            if (forwardedHost != null) {
                // Only the last value is what the proxy itself asserts; earlier ones may come from the client.
                authority = forwardedHost.substring(forwardedHost.lastIndexOf(',') + 1).trim();
            }
        }
        return List.of(uri.getScheme() + "://" + authority);
    }

    private static String target(org.eclipse.jetty.server.Request jetty) {
        String path = jetty.getHttpURI().getPath();
        String query = jetty.getHttpURI().getQuery();
        return query == null ? path : path + "?" + query;
    }

    private static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The values a failed form shows again: never the framework's fields, never a password. */
    private static Map<String, String> submittedValues(Map<String, List<String>> fields) {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach((name, all) -> {
            if (!name.startsWith("_") && !all.isEmpty() && !name.toLowerCase(java.util.Locale.ROOT).contains("password")) {
                values.put(name, all.getFirst());
            }
        });
        return values;
    }

    /** 22 base64url characters, checked without a regular expression on every post. */
    private static boolean isActionId(String id) {
        if (id == null || id.length() != 22) {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static String randomId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** A form that failed binding or validation: shown again, the action not run. */
    private static final class InvalidForm extends RuntimeException {
        final FormState state;

        InvalidForm(FormState state) {
            super(null, null, false, false);
            this.state = state;
        }
    }

    /** The generated invoker's view of one action call. */
    private static final class Call implements ActionDefinition.Call {
        private final ArborRequest request;
        private final ActionEntry action;
        private final List<Object> bound;
        private final Map<String, List<String>> fields;
        private final PageCache cache;

        Call(ArborRequest request, ActionEntry action, List<Object> bound, Map<String, List<String>> fields, PageCache cache) {
            this.request = request;
            this.action = action;
            this.bound = bound;
            this.fields = fields;
            this.cache = cache;
        }

        @Override
        public <T> T form(Class<T> type) {
            try {
                return Binder.form(fields, request.files(), type);
            } catch (HttpError error) {
                FormState state = FormState.failure(error.status() == 422 ? null : error.detail());
                for (var field : error.errors()) {
                    state = state.withError(field.field(), field.message());
                }
                throw new InvalidForm(state);
            }
        }

        @Override
        public ActionContext context() {
            return new ArborActionContext(request, cache);
        }

        @Override
        public <T> T bound(int index, Class<T> type) {
            @SuppressWarnings("unchecked")
            T value = (T) bound.get(index);
            return value;
        }
    }
}
