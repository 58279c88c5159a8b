package shop.app.todos;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import shop.data.Todos;

/** Adding, ticking and removing to-dos. */
@ServerActions
@Public
public final class TodoActions {
    /** A new to-do. */
    public record NewTodo(@NotBlank(message = "Write something to do") @Size(max = 200) String title) {}

    private final Todos todos;

    public TodoActions(Todos todos) {
        this.todos = todos;
    }

    @Action
    public ActionResult addTodo(NewTodo todo, ActionContext ctx) {
        todos.add(todo.title());
        ctx.revalidatePath("/todos");
        return ActionResult.ok();
    }

    @Action
    public ActionResult toggleTodo(long id, ActionContext ctx) {
        ctx.revalidatePath("/todos");
        return todos.toggle(id) ? ActionResult.ok() : ActionResult.notFound("No such to-do");
    }

    @Action
    public ActionResult deleteTodo(long id, ActionContext ctx) {
        ctx.revalidatePath("/todos");
        return todos.delete(id) ? ActionResult.ok() : ActionResult.notFound("No such to-do");
    }
}
