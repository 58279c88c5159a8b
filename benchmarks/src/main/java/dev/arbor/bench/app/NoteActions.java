package dev.arbor.bench.app;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import dev.arbor.bench.BenchData;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The action of the action scenarios: validate a form, write one row, redirect. */
@ServerActions
@Public
public final class NoteActions {
    /** The form: one required field. */
    public record NewNote(@NotBlank(message = "Write a note") @Size(max = 200) String text) {}

    private final BenchData data;

    public NoteActions(BenchData data) {
        this.data = data;
    }

    @Action
    public ActionResult addNote(long boardId, NewNote note, ActionContext ctx) {
        data.addNote(boardId, note.text());
        return ActionResult.redirect("/bench/board");
    }
}
