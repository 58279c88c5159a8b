package shop.app.upload;

import dev.arbor.Page;
import dev.arbor.Request;
import dev.arbor.Response;
import shop.templates.Templates;

/**
 * {@code /upload}: an image upload form with a progress bar, for signed-in users; a stranger goes to the login page
 * first. Only a courtesy: {@link UploadActions} refuses strangers by itself.
 */
@Page("/upload")
public final class UploadPage {
    private final Templates templates;

    public UploadPage(Templates templates) {
        this.templates = templates;
    }

    public Response get(Request request) {
        if (request.identity() == null) {
            return Response.redirect("/login?next=/upload");
        }
        return Response.html(templates.upload(request.formState(UploadActions_.uploadImage)));
    }
}
