package dev.arbor.bench.app;

import dev.arbor.Page;
import dev.arbor.Request;
import dev.arbor.bench.BenchData;
import dev.arbor.bench.templates.Templates;
import gg.jte.Content;

/** {@code /bench/board}: the form whose action the action scenarios post, with the board id bound and sealed. */
@Page("/bench/board")
public final class BoardPage {
    /** The board every note goes to; bound into the form, so each post decrypts it. */
    static final long BOARD = 7;

    private final BenchData data;
    private final Templates templates;

    public BoardPage(BenchData data, Templates templates) {
        this.data = data;
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.board(BOARD, data.notes(), request.formState(NoteActions_.addNote));
    }
}
