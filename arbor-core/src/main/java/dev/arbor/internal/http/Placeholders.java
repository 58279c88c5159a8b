package dev.arbor.internal.http;

import dev.arbor.internal.render.RenderContext;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Fills the placeholders of a page rendered for the shared cache with this serve's nonce and the visitor's CSRF
 * token, on the UTF-8 bytes as stored: the placeholders are ASCII, which no byte of a multi-byte character can
 * be, so no decoding and no intermediate strings are needed, and the answer is the one array it returns.
 */
final class Placeholders {
    private static final byte[] NONCE = RenderContext.NONCE_PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOKEN = RenderContext.TOKEN_PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);

    private Placeholders() {}

    /**
     * {@code body} with every nonce placeholder replaced by {@code nonce} and every token placeholder by the token
     * {@code token} gives. The token is asked for only when the page holds one (it rendered a form), so a page
     * without forms costs the visitor no anchor and no cookie. Returns {@code body} itself when it holds neither.
     */
    static byte[] fill(byte[] body, String nonce, Supplier<String> token) {
        int nonces = 0;
        int tokens = 0;
        for (int i = next(body, 0); i >= 0; i = next(body, i)) {
            byte[] found = placeholderAt(body, i);
            if (found == null) {
                i++;
            } else {
                nonces += found == NONCE ? 1 : 0;
                tokens += found == TOKEN ? 1 : 0;
                i += found.length;
            }
        }
        if (nonces == 0 && tokens == 0) {
            return body;
        }
        byte[] nonceBytes = nonce.getBytes(StandardCharsets.US_ASCII);
        byte[] tokenBytes = tokens == 0 ? null : token.get().getBytes(StandardCharsets.US_ASCII);
        int length = body.length + nonces * (nonceBytes.length - NONCE.length);
        byte[] out = new byte[tokens == 0 ? length : length + tokens * (tokenBytes.length - TOKEN.length)];
        int from = 0;
        int to = 0;
        for (int i = next(body, 0); i >= 0; i = next(body, i)) {
            byte[] found = placeholderAt(body, i);
            if (found == null) {
                i++;
                continue;
            }
            byte[] value = found == NONCE ? nonceBytes : tokenBytes;
            System.arraycopy(body, from, out, to, i - from);
            to += i - from;
            System.arraycopy(value, 0, out, to, value.length);
            to += value.length;
            i += found.length;
            from = i;
        }
        System.arraycopy(body, from, out, to, body.length - from);
        return out;
    }

    /** The placeholder beginning at {@code index}, or null. */
    private static byte[] placeholderAt(byte[] body, int index) {
        return at(body, index, NONCE) ? NONCE : at(body, index, TOKEN) ? TOKEN : null;
    }

    /** The index of the next {@code _} from {@code from}, where a placeholder may begin; -1 if none. */
    private static int next(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '_') {
                return i;
            }
        }
        return -1;
    }

    private static boolean at(byte[] body, int index, byte[] placeholder) {
        if (index + placeholder.length > body.length) {
            return false;
        }
        for (int i = 0; i < placeholder.length; i++) {
            if (body[index + i] != placeholder[i]) {
                return false;
            }
        }
        return true;
    }
}
