package shop.app.uploads;

import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import shop.data.Images;

/** {@code GET /uploads/{name}}: serves a stored image. Names never change content, so it may be cached for a year. */
@Route("/uploads/{name}")
@Public
public final class UploadRoute {
    private final Images images;

    public UploadRoute(Images images) {
        this.images = images;
    }

    public Response get(Request request) {
        String name = request.pathParam("name");
        return images.find(name)
                .map(file -> Response.file(file, Images.contentType(name)).cacheControl("public, max-age=31536000, immutable"))
                .orElseThrow(() -> HttpError.notFound("No such image"));
    }
}
