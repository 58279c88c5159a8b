package shop.app.todos;

import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.data.Todos;
import shop.templates.Templates;

/** {@code /todos}: the list with its add, toggle and delete forms. */
@Page("/todos")
public final class TodosPage {
    private final Todos todos;
    private final Templates templates;

    public TodosPage(Todos todos, Templates templates) {
        this.todos = todos;
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.todos(todos.list(), request.formState(TodoActions_.addTodo));
    }
}
