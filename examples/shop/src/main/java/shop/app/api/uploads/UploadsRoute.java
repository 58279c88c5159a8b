package shop.app.api.uploads;

import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import dev.arbor.UploadedFile;
import java.io.IOException;
import shop.data.Images;

/**
 * {@code POST /api/uploads}: a multipart upload of one image in the field {@code file}, at most 1 MiB.
 * Only PNG, JPEG, GIF and WebP are accepted, judged by the bytes. Answers 201 with the image's URL.
 */
@Route(value = "/api/uploads", maxBodySize = UploadsRoute.MAX_BYTES)
@Public
public final class UploadsRoute {
    static final long MAX_BYTES = 1024 * 1024;

    private final Images images;

    public UploadsRoute(Images images) {
        this.images = images;
    }

    public Response post(Request request) throws IOException {
        UploadedFile file = request.file("file");
        if (file == null) {
            throw HttpError.badRequest("Send the image as multipart/form-data in the field 'file'");
        }
        Images.Format format = Images.sniff(file)
                .orElseThrow(() -> new HttpError(415, "Only PNG, JPEG, GIF or WebP images are accepted"));
        Images.Stored stored = images.store(file, format);
        return Response.json(stored, 201).header("Location", stored.url());
    }
}
