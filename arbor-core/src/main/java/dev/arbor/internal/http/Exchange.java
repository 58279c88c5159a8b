package dev.arbor.internal.http;

import dev.arbor.Cookie;
import dev.arbor.Limits;
import dev.arbor.Response;
import dev.arbor.internal.routing.RouteTable;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * One request on its way through Arbor, from the route-table match to the answer: Jetty's request (behind its
 * body deadline), response and callback, the matched entry, the {@link ArborRequest} handlers see, and the facts
 * about the request that several steps need, each worked out once, most on first use. Code after the match asks
 * the exchange: it does not work these out again, nor pass Jetty's request beside Arbor's.
 *
 * <p>Used by the request's one virtual thread; the dispatcher completes it exactly once.
 */
final class Exchange {
    /** The CSRF anchor: a random id the form tokens of one browser are derived from (not the session cookie). */
    static final String ANCHOR = "arbor_csrf";
    /** The anchor's name over HTTPS: a sibling subdomain or a plain-HTTP page cannot set a {@code __Host-} cookie. */
    static final String SECURE_ANCHOR = "__Host-arbor_csrf";
    /** The anchor's former names, before it was renamed {@code arbor_csrf}: a request carrying one is told to delete it. */
    private static final String OLD_ANCHOR = "arbor_sid";
    private static final String OLD_SECURE_ANCHOR = "__Host-arbor_sid";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What every exchange of one server reads: its limits, where uploads go, its caches, sessions and client addresses. */
    record Shared(Limits limits, Path uploadDirectory, PageCache cache, Sessions sessions, ClientAddress clients) {}

    private final org.eclipse.jetty.server.Request jetty;
    private final org.eclipse.jetty.server.Response response;
    private final Callback callback;
    private final Endpoint endpoint;
    private final RouteEntry entry;
    private final ArborRequest request;
    private final String method;
    private final boolean secure;
    private final TrustedProxies trustedProxies;
    private String ownOrigin;
    /** Read on every request: the CORS headers of the answer depend on it. */
    private final String origin;
    private String target;
    private String secFetchSite;
    private boolean secFetchSiteRead;
    private Boolean enhanced;
    private Boolean wantsHtml;
    private String mintedAnchor;

    Exchange(org.eclipse.jetty.server.Request jetty, org.eclipse.jetty.server.Response response, Callback callback,
             RouteTable.Match<? extends Endpoint> match, Shared shared) {
        this.jetty = jetty;
        this.response = response;
        this.callback = callback;
        this.endpoint = match.value();
        this.entry = endpoint.entry();
        this.method = jetty.getMethod();
        this.secure = jetty.isSecure();
        this.trustedProxies = shared.clients().trustedProxies();
        this.origin = jetty.getHeaders().get(HttpHeader.ORIGIN);
        this.request = new ArborRequest(jetty, match, entry, shared, secure);
    }

    org.eclipse.jetty.server.Request jetty() {
        return jetty;
    }

    org.eclipse.jetty.server.Response response() {
        return response;
    }

    Callback callback() {
        return callback;
    }

    /** The matched route or page. */
    RouteEntry entry() {
        return entry;
    }

    /** The request as handlers see it. */
    ArborRequest request() {
        return request;
    }

    /** Who calls: the one credential that authenticates the request, and whether anything asked. */
    Caller caller() {
        return request.caller();
    }

    /** The request's body: read on first use, size-limited. */
    RequestBody body() {
        return request.body();
    }

    String method() {
        return method;
    }

    /** The raw (still percent-encoded) path. */
    String path() {
        return jetty.getHttpURI().getPath();
    }

    /** The raw query string, or null. */
    String query() {
        return jetty.getHttpURI().getQuery();
    }

    /** The path and query this request was sent to: where a page posts its forms and links back to. */
    String target() {
        if (target == null) {
            String query = query();
            target = query == null ? path() : path() + "?" + query;
        }
        return target;
    }

    /** Whether the request came over HTTPS (directly, or from a trusted proxy that says so). */
    boolean secure() {
        return secure;
    }

    /**
     * The request's own origin, worked out once: its scheme (already a trusted proxy's {@code X-Forwarded-Proto}, see
     * {@link ForwardedScheme}) and its authority, which a configured trusted proxy's {@code X-Forwarded-Host} names
     * (only its last value: earlier ones may come from the client). A header from any other peer is ignored.
     */
    String ownOrigin() {
        if (ownOrigin == null) {
            var uri = jetty.getHttpURI();
            String authority = uri.getAuthority();
            if (!trustedProxies.isEmpty() && trustedProxies.contains(org.eclipse.jetty.server.Request.getRemoteAddr(jetty))) {
                String forwardedHost = jetty.getHeaders().get("X-Forwarded-Host");
                if (forwardedHost != null) {
                    authority = forwardedHost.substring(forwardedHost.lastIndexOf(',') + 1).trim();
                }
            }
            ownOrigin = uri.getScheme() + "://" + authority;
        }
        return ownOrigin;
    }

    /** The {@code Origin} header, or null. */
    String origin() {
        return origin;
    }

    /** The {@code Sec-Fetch-Site} header, or null. */
    String secFetchSite() {
        if (!secFetchSiteRead) {
            secFetchSite = jetty.getHeaders().get("Sec-Fetch-Site");
            secFetchSiteRead = true;
        }
        return secFetchSite;
    }

    /** Whether the client runtime sent this request ({@code Arbor-Enhanced: 1}), not the browser by itself. */
    boolean enhanced() {
        if (enhanced == null) {
            enhanced = "1".equals(jetty.getHeaders().get("Arbor-Enhanced"));
        }
        return enhanced;
    }

    /**
     * Whether a refusal or failure of this request is answered with a page rather than a problem: a request to a
     * page from the browser itself (it asks for {@code text/html}, as navigations and plain form posts do), not from
     * the client runtime nor from a script ({@code curl -d} asks for anything, not HTML).
     */
    boolean wantsHtml() {
        if (wantsHtml == null) {
            String accept = jetty.getHeaders().get(HttpHeader.ACCEPT);
            wantsHtml = endpoint.servesPages() && accept != null && accept.contains("text/html") && !enhanced();
        }
        return wantsHtml;
    }

    /** An OPTIONS request asking whether another origin may send a request: answered by the framework, never a route. */
    boolean preflight() {
        return method.equals("OPTIONS") && jetty.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** The CSRF anchor cookie's name: {@code __Host-} prefixed over HTTPS, where only that one is read. */
    String anchorName() {
        return anchorName(secure);
    }

    static String anchorName(boolean secure) {
        return secure ? SECURE_ANCHOR : ANCHOR;
    }

    /**
     * The visitor's CSRF anchor: the one a login or logout in this request chose, else one this exchange minted,
     * else the cookie's; null if none.
     */
    String anchor() {
        String rotated = request.caller().rotatedAnchor();
        if (rotated != null) {
            return rotated;
        }
        if (mintedAnchor != null) {
            return mintedAnchor;
        }
        String cookie = request.cookie(anchorName());
        return cookie != null && cookie.length() == 22 ? cookie : null;
    }

    /** The visitor's anchor, minting one if it has none; the answer then sets it ({@link #writeCookies}). */
    String anchorOrMint() {
        String anchor = anchor();
        if (anchor == null) {
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            anchor = mintedAnchor = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        }
        return anchor;
    }

    /** Adds the cookies this exchange owes its answer: an anchor it minted, and the session's if it changed. */
    void writeCookies(Response answer) {
        if (mintedAnchor != null) {
            answer.cookie(Cookie.of(anchorName(), mintedAnchor));
        }
        request.caller().writeSession(answer);
    }

    /**
     * Deletes the anchor under its former name ({@code arbor_sid}, {@code __Host-arbor_sid}) if the request carries
     * it: one deletion per name per answer, and nothing else. A request without the name in its cookies costs a scan
     * of the header, no parsing.
     */
    void deleteRenamedAnchors(Response answer) {
        // Asked on every request: read the raw Cookie lines without a list, and parse cookies only when one names it.
        boolean mentioned = false;
        for (org.eclipse.jetty.http.HttpField field : jetty.getHeaders()) {
            mentioned |= field.getHeader() == HttpHeader.COOKIE && field.getValue().contains(OLD_ANCHOR);
        }
        if (!mentioned) {
            return;
        }
        if (request.cookie(OLD_ANCHOR) != null) {
            answer.cookie(Cookie.delete(OLD_ANCHOR));
        }
        if (request.cookie(OLD_SECURE_ANCHOR) != null) {
            // A __Host- cookie is only taken (and so only deleted) with Secure, Path=/ and no Domain.
            answer.cookie(Cookie.delete(OLD_SECURE_ANCHOR).secure(true));
        }
    }
}
