package dev.arbor.internal.state;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where Redis is: {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS. Parsed
 * here rather than by Lettuce so that every refusal names the address without its password, and so that nothing
 * but these parts (no query options) can change how Arbor connects.
 */
record RedisAddress(String host, int port, boolean tls, String user, String password, int database) {
    static RedisAddress parse(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Redis address: " + redact(uri));
        }
        String scheme = parsed.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme) || parsed.getHost() == null) {
            throw new IllegalArgumentException("a Redis address looks like redis://host:6379/0 or rediss://…, not " + redact(uri));
        }
        String user = null;
        String password = null;
        if (parsed.getRawUserInfo() != null) {
            String info = parsed.getRawUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? null : decode(info.substring(0, colon));
            password = decode(colon < 0 ? info : info.substring(colon + 1));
            if (user != null && user.isEmpty()) {
                user = null;
            }
        }
        int database = 0;
        String path = parsed.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the Redis database must be a number: " + redact(uri));
            }
        }
        return new RedisAddress(parsed.getHost(), parsed.getPort() < 0 ? 6379 : parsed.getPort(), "rediss".equals(scheme),
                user, password, database);
    }

    /**
     * Lettuce's form of this address. TLS checks that the certificate names this host ({@link SslVerifyMode#FULL}),
     * not only that a trusted authority signed it. {@code clientName} shows in {@code CLIENT LIST}.
     */
    RedisURI toRedisUri(Duration timeout, String clientName) {
        RedisURI.Builder builder = RedisURI.builder().withHost(host).withPort(port).withDatabase(database).withTimeout(timeout)
                .withClientName(clientName);
        if (tls) {
            builder.withSsl(true).withVerifyPeer(SslVerifyMode.FULL);
        }
        if (password != null) {
            if (user != null) {
                builder.withAuthentication(user, password.toCharArray());
            } else {
                builder.withPassword(password.toCharArray());
            }
        }
        return builder.build();
    }

    /** The address without its password, for logs and messages. */
    String describe() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /**
     * The address without its credentials: everything between the scheme and the last {@code @}, since a password
     * may itself hold {@code /}, {@code ?}, {@code #} or {@code @} (which is why such an address is refused).
     */
    private static String redact(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        return scheme >= 0 && at > scheme ? uri.substring(0, scheme + 3) + "***" + uri.substring(at) : uri;
    }
}
