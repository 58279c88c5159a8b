package shop.app.products;

import dev.arbor.HttpError;
import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import java.util.List;
import shop.data.Products;
import shop.templates.Templates;

/**
 * {@code /products?page=N}: the catalogue, twenty to a page. Every visitor sees the same page, so it is cached for
 * 60 s, and its data until a checkout or a price change revalidates the tag {@code "products"}.
 */
@Page(value = "/products", revalidate = 60, query = "page")
public final class ProductsPage {
    static final int SIZE = 20;

    private final Products products;
    private final Templates templates;

    public ProductsPage(Products products, Templates templates) {
        this.products = products;
        this.templates = templates;
    }

    public Content get(Request request) {
        int n = request.queryInt("page", 1);
        // Checked before the data cache is asked, so made-up page numbers cannot fill it.
        long total = request.cache("products:count", List.of("products"), products::count);
        if (n < 1 || (n > 1 && (long) (n - 1) * SIZE >= total)) {
            throw HttpError.notFound("No such page");
        }
        Products.Page page = request.cache("products:page:" + n, List.of("products"), () -> products.page(n, SIZE));
        return templates.productsIndex(page);
    }
}
