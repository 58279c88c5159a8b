package dev.arbor.internal.http;

import dev.arbor.FormState;
import dev.arbor.HttpError;
import dev.arbor.Response;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.render.RenderContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders pages: through the page's template with the render context (nonce, CSRF token, form target, form states
 * after an action, the flash), or from the shared page cache for a page declared with {@code revalidate}: rendered
 * on a miss, served as is while fresh, served stale while one background render replaces it. A cached page never
 * carries another answer's nonce or another visitor's token: both are placeholders filled on every serve.
 */
final class PageRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(PageRenderer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Keys keys;
    private final Map<String, ActionEntry> actions;
    private final String scriptUrl;
    private final PageCache cache;
    private final Executor executor;
    private final SecurityHeaders securityHeaders;

    PageRenderer(Keys keys, Map<String, ActionEntry> actions, String scriptUrl, PageCache cache, Executor executor,
                 SecurityHeaders securityHeaders) {
        this.keys = keys;
        this.actions = actions;
        this.scriptUrl = scriptUrl;
        this.cache = cache;
        this.executor = executor;
        this.securityHeaders = securityHeaders;
    }

    /**
     * The exchange's page, with {@code states} for its forms (after an action) and the flash cookie's message, if any,
     * answered with {@code status} when the page itself answers 200.
     */
    Response render(Exchange exchange, Map<String, FormState> states, int status) throws Exception {
        Flash.Message flash = Flash.read(keys, exchange);
        RouteEntry entry = exchange.entry();
        if (entry.definition().revalidate() > 0 && states.isEmpty() && flash == null && status == 200) {
            Response cached = fromCache(exchange);
            if (cached != null) {
                return cached;
            }
        }
        // An anchor is minted only when the page renders a form and so needs a CSRF token.
        try (RenderContext context = RenderContext.open(exchange.target(), () -> keys.csrfToken(exchange.anchorOrMint()), keys, scriptUrl)) {
            states.forEach(context::state);
            if (flash != null) {
                ActionEntry from = actions.get(flash.actionId());
                if (from != null) {
                    context.state(from.definition().ref().key(), FormState.success(flash.text()));
                }
                context.flash(flash.text());
            }
            Response answer;
            try {
                answer = entry.invoker().invoke("GET", exchange.request());
            } catch (HttpError error) {
                answer = ErrorPages.html(error);
            }
            if (answer.status() == 200 && status != 200) {
                answer.withStatus(status);
            }
            securityHeaders.page(answer, context.nonceIfUsed());
            if (flash != null) {
                Flash.shown(answer);
            }
            answer.header("Cache-Control", "no-store");
            return answer;
        }
    }

    /** The page from the shared cache, or null when it cannot be cached (it did not answer 200 HTML). */
    private Response fromCache(Exchange exchange) {
        RouteEntry entry = exchange.entry();
        String path = exchange.path();
        List<String> declared = entry.definition().query();
        String key = PageCache.key(path, declared, exchange.request());
        PageCache.Page page = cache.page(key);
        String state = "HIT";
        if (page == null) {
            page = renderForCache(entry, exchange.request().snapshot(declared), path, key);
            state = "MISS";
            if (page == null) {
                return null;
            }
        } else if (cache.now() - page.renderedNanos() > page.revalidateNanos()) {
            state = "STALE";
            if (cache.claimRefresh(key)) {
                SnapshotRequest snapshot = exchange.request().snapshot(declared);
                executor.execute(() -> {
                    try {
                        renderForCache(entry, snapshot, path, key);
                    } catch (RuntimeException e) {
                        LOG.warn("background render of {} failed; the stale page stays", key, e);
                    } finally {
                        cache.refreshed(key);
                    }
                });
            }
        }
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        String freshNonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        // The token, and with it a new anchor, only when the page holds a form.
        byte[] html = Placeholders.fill(page.body(), freshNonce, () -> keys.csrfToken(exchange.anchorOrMint()));
        Response answer = Response.bytes(html, page.contentType())
                .header("Cache-Control", "no-store")
                .header("X-Arbor-Cache", state);
        securityHeaders.page(answer, freshNonce);
        return answer;
    }

    private PageCache.Page renderForCache(RouteEntry entry, SnapshotRequest request, String path, String key) {
        long generation = cache.generation();
        try (RenderContext context = RenderContext.openForCache(key, keys, scriptUrl)) {
            Response answer;
            try {
                answer = entry.invoker().invoke("GET", request);
            } catch (HttpError expected) {
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (answer.status() != 200 || !(answer.body() instanceof Response.Body.Bytes bytes) || !answer.cookies().isEmpty()
                    || !bytes.contentType().startsWith("text/html")) {
                return null;
            }
            PageCache.Page page = new PageCache.Page(path, bytes.data(), bytes.contentType(), cache.now(),
                    entry.definition().revalidate() * 1_000_000_000L, Set.copyOf(context.readTags()));
            cache.store(key, page, generation);
            return page;
        }
    }
}
