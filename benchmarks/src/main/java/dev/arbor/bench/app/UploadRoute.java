package dev.arbor.bench.app;

import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import dev.arbor.UploadedFile;
import dev.arbor.bench.BenchApp;
import java.util.Map;

/** {@code POST /bench/upload}: a multipart upload of one file in the field {@code file}, streamed to disk; answers its size. */
@Route(value = "/bench/upload", maxBodySize = BenchApp.MAX_UPLOAD)
@Public
public final class UploadRoute {
    public Response post(Request request) {
        UploadedFile file = request.file("file");
        if (file == null) {
            throw HttpError.badRequest("Send the file as multipart/form-data in the field 'file'");
        }
        return Response.json(Map.of("name", file.fileName(), "size", file.size()));
    }
}
