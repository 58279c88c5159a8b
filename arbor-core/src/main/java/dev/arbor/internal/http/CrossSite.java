package dev.arbor.internal.http;

import dev.arbor.CorsPolicy;
import dev.arbor.HttpError;
import dev.arbor.internal.action.CsrfGuard;
import dev.arbor.internal.action.Keys;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every cross-site check, for action posts and for unsafe route requests the session cookie authenticates: Fetch
 * Metadata ({@code Sec-Fetch-Site}), then {@code Origin} against the app's origins (the configured ones, else the
 * request's own, {@link Exchange#ownOrigin()}), and, for an action whose
 * browser sent neither header, the form's token. {@link CsrfGuard} decides; this class gathers what it decides on
 * and logs each refusal, answered 403 with nothing run.
 */
final class CrossSite {
    private static final Logger LOG = LoggerFactory.getLogger(CrossSite.class);

    private final Keys keys;
    private final List<String> configuredOrigins;

    CrossSite(Keys keys, List<String> configuredOrigins) {
        this.keys = keys;
        this.configuredOrigins = configuredOrigins;
    }

    /**
     * The 403 for an action post from another site, or null. The token (the {@code X-CSRF-Token} header, else the
     * form's {@code _csrf}) and the anchor cookie it is checked against are read only when neither header decides.
     */
    HttpError checkAction(Exchange exchange) {
        String secFetchSite = exchange.secFetchSite();
        String origin = exchange.origin();
        String token = null;
        boolean tokenAccepted = false;
        if (secFetchSite == null && origin == null) {
            ArborRequest request = exchange.request();
            token = request.header("X-CSRF-Token");
            if (token == null) {
                token = request.formValue("_csrf");
            }
            String anchor = request.cookie(exchange.anchorName());
            tokenAccepted = anchor != null && keys.acceptsCsrfToken(anchor, token);
        }
        String refusal = CsrfGuard.check(secFetchSite, origin, allowedOrigins(exchange), token, tokenAccepted);
        return refusal == null ? null : refused(exchange, refusal);
    }

    /**
     * The 403 for a state-changing request to a route from another site, or null. The same check as for actions
     * (never the Content-Type), except that a request with neither header is not a browser's and passes, as does
     * one from an origin the route's CORS policy names. Asked only for requests the session cookie authenticates:
     * whatever {@code Authorization} they also carry (a browser adds {@code Basic} and {@code Negotiate} by itself),
     * it is the cookie that acts.
     */
    HttpError checkRoute(Exchange exchange, CorsPolicy cors) {
        String secFetchSite = exchange.secFetchSite();
        String origin = exchange.origin();
        if (secFetchSite == null && origin == null) {
            return null;
        }
        if (origin != null && cors != null && cors.origins().contains(origin.toLowerCase(Locale.ROOT))) {
            return null;
        }
        String refusal = CsrfGuard.check(secFetchSite, origin, allowedOrigins(exchange), null, false);
        return refusal == null ? null : refused(exchange, refusal);
    }

    private static HttpError refused(Exchange exchange, String reason) {
        LOG.warn("refused cross-site {} to {} from {}: {}", exchange.method(), exchange.path(), exchange.request().remoteAddress(), reason);
        return new HttpError(403, "csrf", "Cross-site request refused: " + reason, List.of());
    }

    /** The origins state-changing requests may come from: the configured ones, else the request's own. */
    private List<String> allowedOrigins(Exchange exchange) {
        return configuredOrigins.isEmpty() ? List.of(exchange.ownOrigin()) : configuredOrigins;
    }
}
