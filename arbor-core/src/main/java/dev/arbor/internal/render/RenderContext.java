package dev.arbor.internal.render;

import dev.arbor.ActionRef;
import dev.arbor.FormState;
import dev.arbor.internal.action.Keys;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * What a page render needs that the template does not pass: the CSP nonce of this response, the session's
 * CSRF token, the page's own URL (forms post back to it), the states of forms after an action, and the
 * flash message. Held in a thread-local for the length of one request; every request runs on its own
 * virtual thread and {@link #close()} clears it, so nothing crosses requests.
 */
public final class RenderContext implements AutoCloseable {
    private static final ThreadLocal<RenderContext> CURRENT = new ThreadLocal<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private String nonce;
    private final String formTarget;
    private final java.util.function.Supplier<String> csrfTokenSource;
    private String csrfToken;
    private final Keys keys;
    private final Map<String, FormState> states = new HashMap<>();
    private final String scriptUrl;
    private final java.util.Set<String> readTags = new java.util.HashSet<>();
    private String flash;

    /**
     * Stand in for the nonce and the token in a page rendered for the shared cache; replaced on every serve,
     * wherever they occur in the cached bytes. So they are drawn at random when the process starts (128 bits
     * each, never written to a response or a log): text a visitor sends, echoed on a cached page, cannot hold
     * them, where fixed strings would let it pick up the serve's nonce or the next visitor's token. Lower-case
     * hex between underscores, characters no HTML or attribute escaping changes, so a placeholder written
     * through an escaper arrives as it was.
     */
    public static final String NONCE_PLACEHOLDER = placeholder("nonce");
    public static final String TOKEN_PLACEHOLDER = placeholder("token");

    private RenderContext(String nonce, String formTarget, java.util.function.Supplier<String> csrfTokenSource, Keys keys,
                          String scriptUrl) {
        this.nonce = nonce;
        this.formTarget = formTarget;
        this.csrfTokenSource = csrfTokenSource;
        this.keys = keys;
        this.scriptUrl = scriptUrl;
    }

    /**
     * Starts the context of the current request's thread. The nonce and the CSRF token are made when the page
     * first asks for them: a page without scripts or forms costs no random bytes, no HMAC and no session cookie.
     */
    public static RenderContext open(String formTarget, java.util.function.Supplier<String> csrfToken, Keys keys, String scriptUrl) {
        return install(new RenderContext(null, formTarget, csrfToken, keys, scriptUrl));
    }

    /** Starts a context for a render that goes to the shared cache: placeholders instead of nonce and token. */
    public static RenderContext openForCache(String formTarget, Keys keys, String scriptUrl) {
        return install(new RenderContext(NONCE_PLACEHOLDER, formTarget, () -> TOKEN_PLACEHOLDER, keys, scriptUrl));
    }

    private static String placeholder(String what) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "__arbor_" + what + "_" + java.util.HexFormat.of().formatHex(random) + "__";
    }

    private static RenderContext install(RenderContext context) {
        CURRENT.set(context);
        return context;
    }

    /** The tags of the cached data this render read. */
    public java.util.Set<String> readTags() {
        return readTags;
    }

    /** The context of the page being rendered; fails outside a page render. */
    public static RenderContext current() {
        RenderContext context = CURRENT.get();
        if (context == null) {
            throw new IllegalStateException("Forms and request.formState work while a page renders, inside a @Page's get()");
        }
        return context;
    }

    /** The context, or null outside a page render. */
    public static RenderContext currentOrNull() {
        return CURRENT.get();
    }

    public String nonce() {
        if (nonce == null) {
            byte[] random = new byte[18];
            RANDOM.nextBytes(random);
            nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        return nonce;
    }

    /** The nonce if the page used one, else null: the CSP then allows no script at all. */
    public String nonceIfUsed() {
        return nonce;
    }

    public String formTarget() {
        return formTarget;
    }

    public String csrfToken() {
        if (csrfToken == null) {
            csrfToken = csrfTokenSource.get();
        }
        return csrfToken;
    }

    public String scriptUrl() {
        return scriptUrl;
    }

    /** The id and sealed bound values of an action, for the form's hidden fields. */
    public String actionId(ActionRef action) {
        return keys.actionId(action.key());
    }

    public String seal(ActionRef action, byte[] plaintext) {
        return keys.seal(keys.actionId(action.key()), plaintext);
    }

    public void state(ActionRef action, FormState state) {
        states.put(action.key(), state);
    }

    public void state(String actionKey, FormState state) {
        states.put(actionKey, state);
    }

    public FormState state(ActionRef action) {
        return states.getOrDefault(action.key(), FormState.empty());
    }

    public String flash() {
        return flash == null ? "" : flash;
    }

    public void flash(String message) {
        this.flash = message;
    }

    @Override
    public void close() {
        CURRENT.remove();
    }
}
