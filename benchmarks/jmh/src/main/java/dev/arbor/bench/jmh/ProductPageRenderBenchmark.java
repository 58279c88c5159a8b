package dev.arbor.bench.jmh;

import dev.arbor.FormState;
import dev.arbor.Response;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.http.ClientScript;
import dev.arbor.internal.render.RenderContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import shop.data.Products;
import shop.templates.StaticTemplates;
import shop.templates.Templates;

/**
 * The shop's product page ({@code products/show.jte} inside {@code layout.jte}) rendered to bytes, the way a
 * GET of {@code /products/{id}} renders it: {@code ProductPage} returns {@code templates.productsShow(...)} from
 * the precompiled {@link StaticTemplates}, and the generated route hands that to {@link Response#html(gg.jte.Content)},
 * which writes it through JTE's OWASP HTML output into a UTF-8 byte buffer.
 *
 * <p>The template calls {@code Forms.form}, {@code Forms.scripts} and {@code Forms.flash}, which read the request's
 * {@link RenderContext} (a thread-local). So each render opens one, as {@code PageRenderer} does, with this response's
 * fresh CSP nonce; the session's CSRF token is derived once in set-up because it belongs to the session, not to the
 * render. The database reads of the real page (product, cart count) are left out: the product is a constant and
 * the cart count a number. What is measured is the framework's render path: the template, HTML escaping, the
 * form's action id (HMAC-SHA256) and sealed product id (AES-GCM), the nonce, and the asset URL lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ProductPageRenderBenchmark {
    /** Product 17 of the shop's seed data (V3__SeedProducts), in stock, so the "Add to cart" form is rendered. */
    private static final Products.Product IN_STOCK = new Products.Product(17, "Linen Bowl No. 17",
            "A well-made linen bowl no. 17, built to last.", 2829, 22, null);
    /** Product 14 of the seed data, sold out: the same page without the form, to show what the form costs. */
    private static final Products.Product SOLD_OUT = new Products.Product(14, "Maple Throw No. 14",
            "A well-made maple throw no. 14, built to last.", 2418, 0, null);

    private final Templates templates = new StaticTemplates();
    private Keys keys;
    private String csrfToken;
    private String scriptUrl;

    @Setup
    public void setUp() {
        keys = new Keys(new byte[32], java.util.List.of(), Keys.DEFAULT_BOUND_LIFETIME, java.time.Clock.systemUTC());
        csrfToken = keys.csrfToken("AAAAAAAAAAAAAAAAAAAAAA");
        scriptUrl = ClientScript.load().url();
        String html = new String(productPage(), StandardCharsets.UTF_8);
        if (!html.contains("Linen Bowl No. 17") || !html.contains("name=\"_bound\"") || !html.contains(csrfToken)) {
            throw new IllegalStateException("the product page did not render as expected:\n" + html);
        }
        if (new String(soldOutPage(), StandardCharsets.UTF_8).contains("<form")) {
            throw new IllegalStateException("the sold-out page should have no form");
        }
    }

    /** An in-stock product: the full page with its "Add to cart" form, 1.6 KB of HTML (1.1 KB without the form). */
    @Benchmark
    public byte[] productPage() {
        return render(IN_STOCK);
    }

    /** A sold-out product: no form, so no action id, no seal. */
    @Benchmark
    public byte[] soldOutPage() {
        return render(SOLD_OUT);
    }

    private byte[] render(Products.Product product) {
        try (RenderContext context = RenderContext.open("/products/" + product.id(), () -> csrfToken, keys, scriptUrl)) {
            Response response = Response.html(templates.productsShow(product, 3, FormState.empty()));
            return ((Response.Body.Bytes) response.body()).data();
        }
    }
}
