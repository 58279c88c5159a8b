package shop.app.api.uploads;

import dev.arbor.Authenticated;
import dev.arbor.HttpError;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import dev.arbor.UploadedFile;
import java.io.IOException;
import java.util.List;
import shop.data.Images;
import shop.data.Uploads;

/**
 * {@code POST /api/uploads}: a signed-in user's multipart upload of one image in the field {@code file}, at most
 * 1 MiB. Only PNG, JPEG, GIF and WebP are accepted, judged by the bytes. Answers 201 with the image's URL, or 413
 * {@code upload-quota} once the user keeps {@link Uploads#MAX_FILES} files or {@link Uploads#MAX_BYTES} bytes.
 */
@Route(value = "/api/uploads", maxBodySize = UploadsRoute.MAX_BYTES)
@Authenticated
public final class UploadsRoute {
    static final long MAX_BYTES = 1024 * 1024;

    private final Uploads uploads;

    public UploadsRoute(Uploads uploads) {
        this.uploads = uploads;
    }

    public Response post(Request request) throws IOException {
        UploadedFile file = request.file("file");
        if (file == null) {
            throw HttpError.badRequest("Send the image as multipart/form-data in the field 'file'");
        }
        Images.Format format = Images.sniff(file)
                .orElseThrow(() -> new HttpError(415, "Only PNG, JPEG, GIF or WebP images are accepted"));
        Images.Stored stored;
        try {
            stored = uploads.store(file, format, Long.parseLong(request.identity().userId()));
        } catch (Uploads.QuotaExceeded full) {
            throw new HttpError(413, "upload-quota", full.getMessage(), List.of());
        }
        return Response.json(stored, 201).header("Location", stored.url());
    }
}
