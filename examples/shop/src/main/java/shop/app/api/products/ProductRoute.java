package shop.app.api.products;

import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import shop.data.Products;

/** {@code GET /api/products/{id}}: one product, with an ETag. */
@Route("/api/products/{id}")
@Public
public final class ProductRoute {
    private final Products products;

    public ProductRoute(Products products) {
        this.products = products;
    }

    public Response get(Request request) {
        Products.Product product = products.find(request.pathLong("id"))
                .orElseThrow(() -> HttpError.notFound("Product not found"));
        return Response.json(product).cacheControl("public, max-age=60").etag();
    }
}
