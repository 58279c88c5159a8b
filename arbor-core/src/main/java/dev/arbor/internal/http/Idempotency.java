package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Response;
import dev.arbor.internal.state.SharedState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} on POST and PATCH to routes (pages' actions have their own form tokens). Every such
 * route honours the header; no opt-in, because a client that sends it expects it to work.
 *
 * <p>A key is scoped to the caller (the identity that authenticated the request, else "anonymous") and
 * to the method and path. The first request claims it with a short-lived in-flight record holding a hash of
 * the request (method, path, query, Content-Type, body); its answer then replaces that record for the key
 * lifetime. A later request with the same key and the same hash gets that answer again with
 * {@code Idempotent-Replayed: true}, and the route does not run; with a different hash it gets 422; while the
 * first is still running, 409. Answers that are not final are not stored, so a retry runs again: 5xx, 408,
 * 409, 425, 429, and streams, events and files (which cannot be replayed from memory). Multipart uploads are
 * refused with 400 when they carry a key: hashing them would mean holding the whole upload in memory. Only
 * {@link RouteEndpoint} opens tickets, after the route's access and cross-site checks pass.
 *
 * <p>Cost: nothing for requests without the header; with it, the body is read before the route (it is kept for
 * the route's own binding), and the store is asked twice (claim, then record), or once for a replay.
 */
public final class Idempotency {
    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);
    // Long enough for any route that answers at all; short enough that a crashed instance's claim frees the key soon.
    static final Duration IN_FLIGHT = Duration.ofMinutes(2);
    private static final int MAX_STORED_BODY = 1024 * 1024;
    private static final int MAX_KEY = 255;
    private static final byte PENDING = 0;
    private static final byte DONE = 1;

    private final SharedState state;
    private final Duration lifetime;

    public Idempotency(SharedState state, Duration lifetime) {
        this.state = state;
        this.lifetime = lifetime;
    }

    /** One keyed request: either the stored answer to send instead of running the route, or a claim to settle. */
    final class Ticket {
        private final String storeKey;
        private final byte[] fingerprint;
        private final Response earlier;

        private Ticket(String storeKey, byte[] fingerprint, Response earlier) {
            this.storeKey = storeKey;
            this.fingerprint = fingerprint;
            this.earlier = earlier;
        }

        /** The answer to send without running the route (a replay, 409 or 422), or null to run it. */
        Response earlier() {
            return earlier;
        }

        /** Records the route's answer for later replays, or frees the key when the answer is not final. */
        void settle(Response answer) {
            if (earlier != null) {
                return;
            }
            try {
                byte[] record = storable(answer) ? encode(answer) : null;
                if (record == null) {
                    state.delete(storeKey);
                } else {
                    state.put(storeKey, record, lifetime);
                }
            } catch (RuntimeException e) {
                // The answer still goes out, unrecorded: free the key so that a retry runs rather than waiting for
                // the in-flight claim to expire.
                LOG.warn("could not record the answer to an idempotent request; a retry will run again: {}", e.getMessage());
                try {
                    state.delete(storeKey);
                } catch (RuntimeException ignored) {
                    // The store is down; the claim expires on its own.
                }
            }
        }

        private byte[] encode(Response answer) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(DONE);
                out.write(fingerprint);
                out.writeShort(answer.status());
                out.writeBoolean(answer.wantsEtag());
                List<Map.Entry<String, String>> headers = answer.headers();
                out.writeShort(headers.size());
                for (Map.Entry<String, String> header : headers) {
                    writeString(out, header.getKey());
                    writeString(out, header.getValue());
                }
                if (answer.body() instanceof Response.Body.Bytes body) {
                    writeString(out, body.contentType());
                    out.writeInt(body.data().length);
                    out.write(body.data());
                } else {
                    writeString(out, "");
                    out.writeInt(-1);
                }
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The ticket of a keyed POST or PATCH to a route, or null if the request carries no key or is not one keys
     * apply to. Throws {@link HttpError} 400 for a malformed key or a keyed multipart upload.
     */
    Ticket open(Exchange exchange) {
        String method = exchange.method();
        // A verb the route lacks was answered 405 before this.
        if (!method.equals("POST") && !method.equals("PATCH")) {
            return null;
        }
        ArborRequest request = exchange.request();
        String key = request.header(HEADER);
        if (key == null) {
            return null;
        }
        if (!wellFormed(key)) {
            throw new HttpError(400, "idempotency-key", "An Idempotency-Key is 1 to " + MAX_KEY
                    + " visible ASCII characters, such as a UUID", List.of());
        }
        if (exchange.body().isMultipart()) {
            throw new HttpError(400, "idempotency-key", "Uploads (multipart/form-data) cannot carry an Idempotency-Key", List.of());
        }
        String path = exchange.path();
        String query = exchange.query();
        byte[] fingerprint = sha256(method, path, query == null ? "" : query, String.valueOf(request.contentType()))
                .digest(request.bodyBytes());
        String storeKey = "arbor:idem:" + HexFormat.of().formatHex(sha256(scope(exchange.caller()), method, path, key).digest());
        byte[] pending = new byte[1 + fingerprint.length];
        pending[0] = PENDING;
        System.arraycopy(fingerprint, 0, pending, 1, fingerprint.length);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (state.putIfAbsent(storeKey, pending, IN_FLIGHT)) {
                return new Ticket(storeKey, fingerprint, null);
            }
            byte[] stored = state.get(storeKey);
            if (stored != null) {
                return new Ticket(storeKey, fingerprint, answerFrom(stored, fingerprint));
            }
            // Freed between the two calls (the first answer was not final): claim it again.
        }
        return new Ticket(storeKey, fingerprint, inFlight());
    }

    /**
     * Who the key belongs to: the identity that authenticated the request (a bearer token's owner or the session's
     * user). A token that authenticates nobody was refused before this. An {@code Authorization} header the
     * framework did not resolve (no resolver, another scheme) may still be checked by the route, so it is part of
     * the scope too: an answer is replayed only to a caller presenting the same credentials. It is kept only hashed,
     * in the store key.
     */
    private static String scope(Caller caller) {
        Identity identity = caller.identity();
        String scope = identity == null ? "anonymous" : "user:" + identity.userId();
        String authorization = caller.unresolvedAuthorization();
        return authorization == null ? scope : scope + "\0authorization:" + authorization;
    }

    private static Response answerFrom(byte[] stored, byte[] fingerprint) {
        if (stored.length < 1 + fingerprint.length
                || !Arrays.equals(stored, 1, 1 + fingerprint.length, fingerprint, 0, fingerprint.length)) {
            return Response.problem(new HttpError(422, "idempotency-key-reused",
                    "This Idempotency-Key was already used for a different request; use a new key for a new request", List.of()));
        }
        if (stored[0] == PENDING) {
            return inFlight();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored, 1 + fingerprint.length, stored.length - 1 - fingerprint.length))) {
            int status = in.readUnsignedShort();
            boolean etag = in.readBoolean();
            int count = in.readUnsignedShort();
            List<String[]> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                headers.add(new String[] {readString(in), readString(in)});
            }
            String contentType = readString(in);
            int length = in.readInt();
            Response answer = length < 0 ? Response.status(status) : Response.bytes(in.readNBytes(length), contentType).withStatus(status);
            for (String[] header : headers) {
                answer.header(header[0], header[1]);
            }
            if (etag) {
                answer.etag();
            }
            return answer.header(REPLAYED, "true");
        } catch (IOException e) {
            throw new IllegalStateException("an idempotency record could not be read", e);
        }
    }

    private static Response inFlight() {
        return Response.problem(new HttpError(409, "idempotency-key-in-flight",
                "A request with this Idempotency-Key is still being processed; retry after it has finished", List.of())
                .withRetryAfter(java.time.Duration.ofSeconds(1)));
    }

    /** Whether an answer is final and can be replayed from memory. */
    private static boolean storable(Response answer) {
        int status = answer.status();
        // 401/403 too: who may call changes (a login, a new role), and anyone could fill the store with refusals.
        if (status >= 500 || status == 401 || status == 403 || status == 408 || status == 409 || status == 425 || status == 429) {
            return false;
        }
        return answer.body() instanceof Response.Body.Empty
                || answer.body() instanceof Response.Body.Bytes bytes && bytes.data().length <= MAX_STORED_BODY;
    }

    private static boolean wellFormed(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** A digest over the parts, each followed by a 0 byte so that no two lists of parts hash alike. */
    private static MessageDigest sha256(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STORED_BODY) {
            throw new IOException("corrupt idempotency record");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
