package dev.arbor.bench.app;

import dev.arbor.Page;
import dev.arbor.bench.BenchData;
import dev.arbor.bench.templates.Templates;
import gg.jte.Content;

/** {@code /bench/fortunes}: 19 rows from the database, one added, sorted, rendered and escaped by a typed template. */
@Page("/bench/fortunes")
public final class FortunesPage {
    private final BenchData data;
    private final Templates templates;

    public FortunesPage(BenchData data, Templates templates) {
        this.data = data;
        this.templates = templates;
    }

    public Content get() {
        return templates.fortunes(data.fortunesPage());
    }
}
