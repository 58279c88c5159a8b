package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files under the classpath folder {@code static/}, read once and kept with their hash. URLs carry the hash
 * ({@code /static/css/app.1a2b3c4d5e6f.css}); a request whose hash is current gets a year of immutable
 * caching, an old hash gets the current file without long caching. Names are checked against a strict
 * pattern, so no path can leave the folder.
 */
public final class StaticAssets {
    static final String PREFIX = "/static/";
    private static final Pattern SAFE = Pattern.compile("([A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.[A-Za-z0-9]+");
    private static final Pattern HASHED = Pattern.compile("(.+)\\.([0-9a-f]{12})(\\.[A-Za-z0-9]+)");
    private static final Map<String, Asset> ASSETS = new ConcurrentHashMap<>();

    private record Asset(byte[] bytes, String hash) {}

    private StaticAssets() {}

    public static String url(String path) {
        Asset asset = load(path);
        if (asset == null) {
            throw new IllegalArgumentException("no static file " + path + " (looked for the classpath resource static/" + path + ")");
        }
        int dot = path.lastIndexOf('.');
        return PREFIX + path.substring(0, dot) + "." + asset.hash() + path.substring(dot);
    }

    /** The answer for a request under {@code /static/}. */
    static Response serve(String requestPath) {
        String name = requestPath.substring(PREFIX.length());
        Matcher hashed = HASHED.matcher(name);
        String plain = hashed.matches() ? hashed.group(1) + hashed.group(3) : name;
        Asset asset = load(plain);
        if (asset == null) {
            throw HttpError.notFound("No such file");
        }
        boolean current = hashed.matches() && hashed.group(2).equals(asset.hash());
        return Response.bytes(asset.bytes(), contentType(plain))
                .cacheControl(current ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate");
    }

    private static Asset load(String path) {
        if (!SAFE.matcher(path).matches()) {
            return null;
        }
        Asset known = ASSETS.get(path);
        if (known != null) {
            return known;
        }
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream("static/" + path)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
            Asset asset = new Asset(bytes, hash);
            ASSETS.put(path, asset);
            return asset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1);
        return switch (extension) {
            case "css" -> "text/css;charset=utf-8";
            case "js", "mjs" -> "text/javascript;charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "json" -> "application/json";
            case "txt" -> "text/plain;charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
