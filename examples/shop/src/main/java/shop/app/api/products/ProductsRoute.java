package shop.app.api.products;

import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import shop.data.Products;

/**
 * {@code GET /api/products?page=N&size=M}: the catalogue for the mobile app, a page at a time, with an
 * ETag so an unchanged page costs the app a 304 and no body.
 */
@Route("/api/products")
@Public
public final class ProductsRoute {
    static final int MAX_SIZE = 100;

    private final Products products;

    public ProductsRoute(Products products) {
        this.products = products;
    }

    public Response get(Request request) {
        int page = request.queryInt("page", 1);
        int size = request.queryInt("size", 20);
        if (page < 1 || size < 1 || size > MAX_SIZE) {
            throw HttpError.badRequest("page starts at 1 and size is between 1 and " + MAX_SIZE);
        }
        return Response.json(products.page(page, size)).cacheControl("public, max-age=60").etag();
    }
}
