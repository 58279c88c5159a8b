package shop.app.upload;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Authenticated;
import dev.arbor.ServerActions;
import dev.arbor.UploadedFile;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import shop.data.Images;
import shop.data.Uploads;

/**
 * An image upload done as an action, for signed-in users: the form works without JavaScript and shows progress with
 * it. A full quota comes back as the form's message.
 */
@ServerActions
@Authenticated
public final class UploadActions {
    private final Uploads uploads;

    public UploadActions(Uploads uploads) {
        this.uploads = uploads;
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
        Images.Stored stored;
        try {
            stored = uploads.store(file, format, Long.parseLong(ctx.identity().userId()));
        } catch (Uploads.QuotaExceeded full) {
            return ActionResult.error(full.getMessage());
        }
        return ActionResult.ok("Uploaded " + stored.url());
    }
}
