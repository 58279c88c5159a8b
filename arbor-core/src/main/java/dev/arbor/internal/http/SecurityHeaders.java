package dev.arbor.internal.http;

import dev.arbor.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;

/**
 * The headers every HTML response carries: a strict CSP whose scripts need this response's nonce (or no scripts at
 * all), isolation from other origins' windows and loads, no powerful browser features, no framing by other sites, a
 * referrer policy. Built once at start-up from the app's CSP additions; the policy strings are worked out then, so a
 * response only concatenates its nonce. HSTS and {@code nosniff} are the writer's, for every answer.
 */
public final class SecurityHeaders {
    /** The directives of the default policy but {@code script-src}, in order; the app may add sources to most. */
    private static final Map<String, String> DEFAULTS = defaults();
    /** Sources that switch off what the nonce and {@code 'strict-dynamic'} protect, compared in lower case. */
    private static final List<String> WEAKENING = List.of("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'",
            "'wasm-unsafe-eval'", "*");
    /**
     * Directives whose sources become documents, workers or framers of the pages: like scripts, they get no bare
     * scheme and no wildcard host, not even one for subdomains.
     */
    private static final Set<String> DOCUMENTS = Set.of("worker-src", "child-src", "frame-src", "frame-ancestors");
    /** Bare schemes that name no host, which the other directives may take: inline images and fonts, media blobs. */
    private static final Set<String> INERT_SCHEMES = Set.of("data:", "blob:");
    /** One CSP source expression: no separators a header or a policy would read as the end of it. */
    private static final Pattern SOURCE = Pattern.compile("[^\\s;,\"']+|'[A-Za-z0-9+/=_-]+'");
    private static final Pattern DIRECTIVE = Pattern.compile("[a-z]+(-[a-z]+)*");
    // Printable ASCII only, and nothing that ends a directive, a list or Reporting-Endpoints' quoted string (where a backslash escapes).
    private static final Pattern ENDPOINT = Pattern.compile("(https://[\\x21-\\x7e&&[^;,\"'\\\\]]+|/(?!/)[\\x21-\\x7e&&[^;,\"'\\\\]]*)");
    private static final String REPORT_GROUP = "csp";
    /** Features a page of this app has no business asking for unless it says so itself with its own header. */
    private static final String PERMISSIONS = "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
            + "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()";

    private final String beforeNonce;
    private final String afterNonce;
    private final String withoutScripts;
    private final String reportingEndpoints;

    /**
     * @param additions extra sources by directive, each list already accepted by {@link #checkSources}
     * @param reports where violations are reported, already accepted by {@link #checkReportEndpoint}; or null
     */
    public SecurityHeaders(Map<String, List<String>> additions, String reports) {
        Map<String, String> directives = new LinkedHashMap<>(DEFAULTS);
        additions.forEach((directive, sources) -> {
            if (!directive.equals("script-src")) {
                // A directive the default lacks fell back to default-src 'self': keep that, add the sources.
                directives.merge(directive, "'self' " + String.join(" ", sources), (base, added) -> base + " " + String.join(" ", sources));
            }
        });
        String head = "default-src " + directives.remove("default-src");
        StringBuilder rest = new StringBuilder();
        directives.forEach((directive, sources) -> rest.append("; ").append(directive).append(' ').append(sources));
        if (reports != null) {
            rest.append("; report-uri ").append(reports).append("; report-to ").append(REPORT_GROUP);
        }
        List<String> scriptSources = additions.getOrDefault("script-src", List.of());
        this.beforeNonce = head + "; script-src 'nonce-";
        this.afterNonce = "' 'strict-dynamic'" + (scriptSources.isEmpty() ? "" : " " + String.join(" ", scriptSources)) + rest;
        this.withoutScripts = head + "; script-src 'none'" + rest;
        this.reportingEndpoints = reports == null ? null : REPORT_GROUP + "=\"" + reports + "\"";
    }

    /**
     * Refuses, when the app configures it, a source that would weaken the policy or is not one source: the error
     * names what to change, where a weakened policy would go unnoticed in every visitor's browser.
     */
    public static void checkSources(String directive, String... sources) {
        if (directive == null || !DIRECTIVE.matcher(directive).matches()) {
            throw new IllegalArgumentException("CSP: '" + directive + "' is not a directive name such as img-src or connect-src");
        }
        if (directive.equals("object-src") || directive.equals("base-uri")) {
            throw new IllegalArgumentException("CSP: " + directive + " stays 'none'; it cannot be given sources");
        }
        if (directive.startsWith("script-src-")) {
            // Either would replace script-src for its kind of script, and the pages' nonce with it.
            throw new IllegalArgumentException("CSP: add script sources to script-src, not " + directive);
        }
        if (directive.startsWith("report-")) {
            throw new IllegalArgumentException("CSP: set where violations go with Arbor.Builder.contentSecurityPolicyReports(endpoint)");
        }
        if (!directive.endsWith("-src") && !directive.equals("frame-ancestors") && !directive.equals("form-action")) {
            throw new IllegalArgumentException("CSP: only source lists (…-src, frame-ancestors, form-action) can be added to, not " + directive);
        }
        if (sources.length == 0) {
            throw new IllegalArgumentException("CSP: name at least one source for " + directive);
        }
        boolean scripts = directive.startsWith("script-src") || directive.equals("default-src");
        boolean documents = scripts || DOCUMENTS.contains(directive);
        for (String source : sources) {
            if (source == null || !SOURCE.matcher(source).matches()) {
                throw new IllegalArgumentException("CSP: '" + source + "' for " + directive
                        + " is not a source; give one source per argument, such as https://cdn.example or 'sha256-…'");
            }
            String lower = source.toLowerCase(Locale.ROOT);
            String why = weakness(directive, lower, scripts, documents);
            if (why != null) {
                throw new IllegalArgumentException("CSP: " + source + " would weaken " + directive + ": " + why);
            }
        }
    }

    /** Why {@code source} (in lower case) would weaken {@code directive}, or null when it would not. */
    private static String weakness(String directive, String source, boolean scripts, boolean documents) {
        String nameHosts = directive.equals("frame-ancestors") ? "name the sites, such as https://partner.example"
                : documents ? "name the hosts, such as https://cdn.example" : "name the hosts, such as https://images.example";
        // A nonce written in the configuration is the same in every response: anyone can read it and use it.
        if (WEAKENING.contains(source) || source.startsWith("'nonce-")) {
            return scripts ? "pages run only scripts carrying the response's nonce; load a script from a file or a named host instead"
                    : nameHosts;
        }
        if (source.matches("[a-z][a-z0-9+.-]*:")) {
            if (directive.equals("frame-ancestors")) {
                return "any " + source + " site could frame these pages; " + nameHosts;
            }
            if (documents) {
                // A data: or blob: URL holds whatever a script wrote; https: is every site there is.
                return "any " + source + " URL could run as a script, worker or frame of these pages; " + nameHosts;
            }
            if (!INERT_SCHEMES.contains(source)) {
                return "a bare scheme allows every host; " + nameHosts;
            }
            return null;
        }
        String host = source.replaceFirst("^[a-z][a-z0-9+.-]*://", "").replaceFirst("[:/].*", "");
        if (host.equals("*")) {
            return "a wildcard host allows every host; " + nameHosts;
        }
        if (documents && host.startsWith("*.")) {
            return "it trusts every subdomain of " + host.substring(2) + ", and whoever controls one; " + nameHosts;
        }
        return null;
    }

    /** Refuses a report endpoint that is neither a path of this app nor an https URL, or would break the headers. */
    public static void checkReportEndpoint(String endpoint) {
        if (endpoint == null || !ENDPOINT.matcher(endpoint).matches()) {
            throw new IllegalArgumentException("CSP reports: '" + endpoint + "' must be a path of this app such as /csp-reports "
                    + "or an https:// URL, in printable ASCII without spaces, commas, semicolons, quotes or backslashes");
        }
    }

    /**
     * For HTML that did not come from a page (a route's own, an error page): scripts off, unless the route set its
     * own policy; and for every HTML answer the headers it did not set itself. Called by the writer for every
     * text/html answer.
     */
    void html(HttpFields.Mutable headers) {
        if (!headers.contains("Content-Security-Policy")) {
            headers.put("Content-Security-Policy", withoutScripts);
        }
        putIfAbsent(headers, "Referrer-Policy", "strict-origin-when-cross-origin");
        putIfAbsent(headers, "X-Frame-Options", "SAMEORIGIN");
        // Another site's window keeps no handle on ours, and cannot load our HTML as a resource of its own.
        putIfAbsent(headers, "Cross-Origin-Opener-Policy", "same-origin");
        putIfAbsent(headers, "Cross-Origin-Resource-Policy", "same-origin");
        putIfAbsent(headers, "Permissions-Policy", PERMISSIONS);
        if (reportingEndpoints != null) {
            putIfAbsent(headers, "Reporting-Endpoints", reportingEndpoints);
        }
    }

    /** A page's policy: its scripts need this response's nonce; without one, none run. */
    void page(Response response, String nonce) {
        response.header("Content-Security-Policy", nonce == null ? withoutScripts : beforeNonce + nonce + afterNonce);
    }

    private static void putIfAbsent(HttpFields.Mutable headers, String name, String value) {
        if (!headers.contains(name)) {
            headers.put(name, value);
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("default-src", "'self'");
        defaults.put("style-src", "'self' 'unsafe-inline'");
        defaults.put("img-src", "'self' data:");
        defaults.put("object-src", "'none'");
        defaults.put("base-uri", "'none'");
        defaults.put("frame-ancestors", "'self'");
        defaults.put("form-action", "'self'");
        return defaults;
    }
}
