package shop.app.upload;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import dev.arbor.UploadedFile;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import shop.data.Images;

/** An image upload done as an action: the form works without JavaScript and shows progress with it. */
@ServerActions
@Public
public final class UploadActions {
    private final Images images;

    public UploadActions(Images images) {
        this.images = images;
    }

    /** The upload form: its file input binds like any other field. */
    public record ImageForm(@NotNull(message = "Choose an image to upload") UploadedFile image) {}

    @Action(maxBodySize = 5 * 1024 * 1024)
    public ActionResult uploadImage(ImageForm form, ActionContext ctx) throws IOException {
        UploadedFile file = form.image();
        Images.Format format = Images.sniff(file).orElse(null);
        if (format == null) {
            return ActionResult.error("Only PNG, JPEG, GIF or WebP images are accepted");
        }
        Images.Stored stored = images.store(file, format);
        return ActionResult.ok("Uploaded " + stored.url());
    }
}
