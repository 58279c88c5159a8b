package dev.arbor.internal.action;

import java.net.URI;
import java.util.Locale;

/**
 * Decides whether a state-changing request may come from where it came from, the way Go 1.25's
 * CrossOriginProtection and Rails 8.2 do: Fetch Metadata first ({@code Sec-Fetch-Site}), then
 * {@code Origin} against the app's origin, and only when a browser sent neither, the session's token.
 * The check never looks at the Content-Type. It answers {@code null} to allow, or why it refused.
 */
public final class CsrfGuard {
    private CsrfGuard() {}

    /**
     * @param secFetchSite the {@code Sec-Fetch-Site} header, or null
     * @param origin the {@code Origin} header, or null
     * @param allowedOrigins the app's own origin(s) ({@code https://host[:port]})
     * @param token the token the form or {@code X-CSRF-Token} header carried, or null
     * @param tokenAccepted whether {@code token} is the session's (asked only when neither header decides)
     */
    public static String check(String secFetchSite, String origin, java.util.List<String> allowedOrigins, String token,
                               boolean tokenAccepted) {
        if (secFetchSite != null) {
            return switch (secFetchSite.trim().toLowerCase(Locale.ROOT)) {
                case "same-origin", "none" -> null;
                default -> "Sec-Fetch-Site: " + secFetchSite;
            };
        }
        if (origin != null) {
            if (origin.equals("null")) {
                return "Origin: null";
            }
            // What browsers send is the exact serialization of the origin: match it without parsing first.
            if (allowedOrigins.contains(origin)) {
                return null;
            }
            String normalized = normalize(origin);
            if (normalized != null) {
                for (String allowed : allowedOrigins) {
                    if (normalized.equals(normalize(allowed))) {
                        return null;
                    }
                }
            }
            return "Origin " + origin + " is not this site";
        }
        if (tokenAccepted) {
            return null;
        }
        return token == null ? "no Origin, no Sec-Fetch-Site and no CSRF token" : "CSRF token does not match the session";
    }

    /** {@code scheme://host[:port]} in lower case, default port dropped, or null if it is not a plain origin. */
    static String normalize(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawUserInfo() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (Exception e) {
            return null;
        }
    }
}
