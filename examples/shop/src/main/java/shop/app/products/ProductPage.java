package shop.app.products;

import dev.arbor.HttpError;
import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.app.Visitor;
import shop.app.cart.CartActions_;
import shop.data.Carts;
import shop.data.Products;
import shop.templates.Templates;

/** {@code /products/{id}}: one product with its "Add to cart" form and the visitor's cart count (so never cached). */
@Page("/products/{id}")
public final class ProductPage {
    private final Products products;
    private final Carts carts;
    private final Templates templates;

    public ProductPage(Products products, Carts carts, Templates templates) {
        this.products = products;
        this.carts = carts;
        this.templates = templates;
    }

    public Content get(Request request) {
        Products.Product product = products.find(request.pathLong("id")).orElseThrow(() -> HttpError.notFound("Product not found"));
        return templates.productsShow(product, carts.count(Visitor.cartId(request)), request.formState(CartActions_.addToCart));
    }
}
