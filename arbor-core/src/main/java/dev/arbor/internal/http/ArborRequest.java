package dev.arbor.internal.http;

import dev.arbor.ActionContext;
import dev.arbor.ActionRef;
import dev.arbor.FormState;
import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Limits;
import dev.arbor.Request;
import dev.arbor.Session;
import dev.arbor.UploadedFile;
import dev.arbor.internal.bind.Binder;
import dev.arbor.internal.bind.FormDecoder;
import dev.arbor.internal.render.RenderContext;
import dev.arbor.internal.routing.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpCookie;

/**
 * The {@link Request} of one exchange, over Jetty's request: the one request object routes, pages and actions (as
 * their {@link ActionContext}) receive. It answers what a handler asks; the body is read by {@link RequestBody}, the
 * caller worked out by {@link Caller}. Parsed parts are computed on first use and kept; used by one virtual thread
 * at a time.
 */
final class ArborRequest implements ActionContext {
    private final org.eclipse.jetty.server.Request jetty;
    private final RouteTable.Match<?> match;
    private final Limits limits;
    private final PageCache pageCache;
    private final ClientAddress clients;
    private final RequestBody body;
    private final Caller caller;
    private final boolean secure;
    private Map<String, List<String>> query;
    private Map<String, String> cookies;

    /** {@code secure} is the exchange's fact, worked out once: this request does not ask Jetty again. */
    ArborRequest(org.eclipse.jetty.server.Request jetty, RouteTable.Match<?> match, RouteEntry route, Exchange.Shared shared,
                 boolean secure) {
        this.jetty = jetty;
        this.secure = secure;
        this.match = match;
        this.limits = shared.limits();
        this.pageCache = shared.cache();
        this.clients = shared.clients();
        this.body = new RequestBody(jetty, limits, route.maxBodySize(), route.maxUploadSize(), shared.uploadDirectory());
        this.caller = new Caller(this, shared.sessions());
    }

    /** The body, for the framework's own questions: read or not, how much, its files to delete. */
    RequestBody body() {
        return body;
    }

    /** Who calls, for the framework's own questions: which credential, whether anything asked. */
    Caller caller() {
        return caller;
    }

    @Override
    public String method() {
        return jetty.getMethod();
    }

    @Override
    public String path() {
        return jetty.getHttpURI().getDecodedPath();
    }

    @Override
    public String pathParam(String name) {
        return match.param(name);
    }

    @Override
    public String query(String name) {
        List<String> values = queryMap().get(name);
        return values == null ? null : values.getFirst();
    }

    @Override
    public List<String> queryAll(String name) {
        return queryMap().getOrDefault(name, List.of());
    }

    private Map<String, List<String>> queryMap() {
        if (query == null) {
            String raw = jetty.getHttpURI().getQuery();
            query = raw == null ? Map.of() : FormDecoder.decode(raw.getBytes(StandardCharsets.ISO_8859_1), limits.maxFormFields());
        }
        return query;
    }

    @Override
    public String header(String name) {
        return jetty.getHeaders().get(name);
    }

    @Override
    public List<String> headers(String name) {
        return jetty.getHeaders().getValuesList(name);
    }

    /** The first cookie of that name; asking for one cookie makes no map of them all. */
    @Override
    public String cookie(String name) {
        if (cookies != null) {
            return cookies.get(name);
        }
        for (HttpCookie cookie : org.eclipse.jetty.server.Request.getCookies(jetty)) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    @Override
    public Map<String, String> cookies() {
        if (cookies == null) {
            Map<String, String> all = new LinkedHashMap<>();
            for (HttpCookie cookie : org.eclipse.jetty.server.Request.getCookies(jetty)) {
                all.putIfAbsent(cookie.getName(), cookie.getValue());
            }
            cookies = Collections.unmodifiableMap(all);
        }
        return cookies;
    }

    @Override
    public String contentType() {
        return body.contentType();
    }

    @Override
    public byte[] bodyBytes() {
        return body.bytes();
    }

    @Override
    public <T> T body(Class<T> type) {
        String contentType = contentType();
        if (contentType == null) {
            throw new HttpError(415, "Missing Content-Type: send application/json or a form");
        }
        if (contentType.equals("application/json") || contentType.endsWith("+json")) {
            return Binder.json(bodyBytes(), type);
        }
        if (contentType.equals("application/x-www-form-urlencoded") || body.isMultipart()) {
            return Binder.form(form(), type);
        }
        throw new HttpError(415, "Unsupported Content-Type " + contentType + ": send application/json or a form");
    }

    @Override
    public Map<String, List<String>> form() {
        return body.form();
    }

    @Override
    public List<UploadedFile> files() {
        return body.files();
    }

    @Override
    public <T> T cache(String key, List<String> tags, Supplier<T> loader) {
        RenderContext context = RenderContext.currentOrNull();
        return pageCache.data(key, tags, loader, context == null ? new HashSet<>() : context.readTags());
    }

    @Override
    public FormState formState(ActionRef action) {
        RenderContext context = RenderContext.currentOrNull();
        return context == null ? FormState.empty() : context.state(action);
    }

    @Override
    public void revalidatePath(String path) {
        pageCache.revalidatePath(path);
    }

    @Override
    public void revalidateTag(String tag) {
        pageCache.revalidateTag(tag);
    }

    @Override
    public Session session() {
        return caller.session();
    }

    /** The bearer token; 400 for a request with two {@code Authorization} headers (see {@link Caller}). */
    @Override
    public String bearerToken() {
        return caller.bearerToken();
    }

    /** {@link Request#bearerToken()}'s reading of the one {@code Authorization} header, for {@link Caller}. */
    String parseBearerToken() {
        return ActionContext.super.bearerToken();
    }

    /** The owner of the request's bearer token if it sent one, else the session's signed-in user; never both. */
    @Override
    public Identity identity() {
        return caller.identity();
    }

    @Override
    public String remoteAddress() {
        return clients.of(jetty);
    }

    @Override
    public boolean secure() {
        return secure;
    }

    /** A copy of the path, parameters and declared query parameters, for rendering this page for the cache. */
    SnapshotRequest snapshot(List<String> declaredQuery) {
        return new SnapshotRequest(path(), match, queryMap(), declaredQuery, pageCache);
    }
}
