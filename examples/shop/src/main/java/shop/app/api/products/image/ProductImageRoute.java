package shop.app.api.products.image;

import dev.arbor.HttpError;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.RolesAllowed;
import dev.arbor.Route;
import dev.arbor.UploadedFile;
import java.io.IOException;
import java.util.Map;
import shop.data.Accounts;
import shop.data.Images;
import shop.data.Products;

/**
 * {@code POST /api/products/{id}/image}: an administrator uploads a product's image (multipart field
 * {@code file}, PNG/JPEG/GIF/WebP judged by its bytes, at most 1 MiB). 401 without a session, 403 for a
 * customer, 404 for an unknown product. The product page shows it at once: its cached renders are dropped.
 */
@Route(value = "/api/products/{id}/image", maxBodySize = 1024 * 1024)
@RolesAllowed(Accounts.ADMIN)
public final class ProductImageRoute {
    private final Products products;
    private final Images images;

    public ProductImageRoute(Products products, Images images) {
        this.products = products;
        this.images = images;
    }

    public Response post(Request request) throws IOException {
        long id = request.pathLong("id");
        if (products.find(id).isEmpty()) {
            throw HttpError.notFound("Product not found");
        }
        UploadedFile file = request.file("file");
        if (file == null) {
            throw HttpError.badRequest("Send the image as multipart/form-data in the field 'file'");
        }
        Images.Format format = Images.sniff(file)
                .orElseThrow(() -> new HttpError(415, "Only PNG, JPEG, GIF or WebP images are accepted"));
        Images.Stored stored = images.store(file, format);
        products.setImage(id, stored.url());
        request.revalidateTag("products");
        request.revalidatePath("/products/" + id);
        return Response.json(Map.of("id", id, "imageUrl", stored.url()), 201);
    }
}
