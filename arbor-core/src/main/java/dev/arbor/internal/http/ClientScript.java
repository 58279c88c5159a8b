package dev.arbor.internal.http;

import dev.arbor.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The client runtime that enhances action forms, served at a URL holding its content hash so browsers may
 * cache it for a year. It is the framework's {@code arbor.js} appended to the vendored idiomorph (DOM
 * morphing, 0BSD licence), read once at start-up.
 */
public final class ClientScript {
    private final byte[] bytes;
    private final String url;

    private ClientScript(byte[] bytes, String url) {
        this.bytes = bytes;
        this.url = url;
    }

    public static ClientScript load() {
        byte[] morph = read("vendor/idiomorph.min.js");
        byte[] runtime = read("arbor.js");
        byte[] all = new byte[morph.length + 1 + runtime.length];
        System.arraycopy(morph, 0, all, 0, morph.length);
        all[morph.length] = '\n';
        System.arraycopy(runtime, 0, all, morph.length + 1, runtime.length);
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all)).substring(0, 12);
            return new ClientScript(all, "/_arbor/arbor-" + hash + ".js");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = ClientScript.class.getResourceAsStream("/dev/arbor/client/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing client resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return url;
    }

    Response response() {
        return Response.bytes(bytes, "text/javascript;charset=utf-8").cacheControl("public, max-age=31536000, immutable");
    }
}
