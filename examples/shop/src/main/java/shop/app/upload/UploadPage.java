package shop.app.upload;

import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.templates.Templates;

/** {@code /upload}: an image upload form with a progress bar. */
@Page("/upload")
public final class UploadPage {
    private final Templates templates;

    public UploadPage(Templates templates) {
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.upload(request.formState(UploadActions_.uploadImage));
    }
}
