package dev.arbor;

import java.time.Duration;

/**
 * A cookie to set on a {@link Response}. Defaults are the safe ones: {@code HttpOnly}, {@code SameSite=Lax},
 * {@code Path=/}; {@code Secure} is added on HTTPS requests unless asked for explicitly.
 *
 * <pre>{@code
 * Response.json(user).cookie(Cookie.of("theme", "dark").maxAge(Duration.ofDays(365)))
 * }</pre>
 *
 * @param name cookie name
 * @param value cookie value (must not contain {@code ;}, {@code ,} or white space)
 * @param path the {@code Path} attribute
 * @param maxAge lifetime; {@code null} for a session cookie, {@link Duration#ZERO} to delete
 * @param httpOnly hide from scripts
 * @param secure send over HTTPS only ({@code null}: decide by the request's scheme)
 * @param sameSite {@code Lax}, {@code Strict} or {@code None}
 */
public record Cookie(String name, String value, String path, Duration maxAge, boolean httpOnly, Boolean secure, String sameSite) {
    public Cookie {
        if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("invalid cookie name: " + name);
        }
        if (!value.matches("[!#-+\\--:<-\\[\\]-~]*")) {
            throw new IllegalArgumentException("cookie " + name + ": value holds a character cookies cannot carry; encode it first");
        }
        if (!sameSite.equals("Lax") && !sameSite.equals("Strict") && !sameSite.equals("None")) {
            throw new IllegalArgumentException("SameSite is Lax, Strict or None");
        }
    }

    /** An HttpOnly, SameSite=Lax session cookie on path {@code /}. */
    public static Cookie of(String name, String value) {
        return new Cookie(name, value, "/", null, true, null, "Lax");
    }

    /** A cookie that tells the browser to delete {@code name}. */
    public static Cookie delete(String name) {
        return new Cookie(name, "", "/", Duration.ZERO, true, null, "Lax");
    }

    public Cookie maxAge(Duration age) {
        return new Cookie(name, value, path, age, httpOnly, secure, sameSite);
    }

    public Cookie path(String cookiePath) {
        return new Cookie(name, value, cookiePath, maxAge, httpOnly, secure, sameSite);
    }

    /** Lets scripts read this cookie (off by default). */
    public Cookie readableByScripts() {
        return new Cookie(name, value, path, maxAge, false, secure, sameSite);
    }

    public Cookie secure(boolean httpsOnly) {
        return new Cookie(name, value, path, maxAge, httpOnly, httpsOnly, sameSite);
    }

    public Cookie sameSite(String policy) {
        return new Cookie(name, value, path, maxAge, httpOnly, secure, policy);
    }

    /** The {@code Set-Cookie} header value for a request over HTTPS or not. */
    public String headerValue(boolean https) {
        StringBuilder out = new StringBuilder(name).append('=').append(value).append("; Path=").append(path);
        if (maxAge != null) {
            out.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (secure != null ? secure : https || sameSite.equals("None")) {
            out.append("; Secure");
        }
        if (httpOnly) {
            out.append("; HttpOnly");
        }
        return out.append("; SameSite=").append(sameSite).toString();
    }
}
