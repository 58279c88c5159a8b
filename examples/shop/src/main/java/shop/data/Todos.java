package shop.data;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The to-do list. */
public final class Todos {
    /** One to-do. */
    public record Todo(long id, String title, boolean done) {}

    private static final RowMapper<Todo> ROW = (rs, ctx) -> new Todo(rs.getLong("id"), rs.getString("title"), rs.getBoolean("done"));

    private final Jdbi jdbi;

    public Todos(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Todo> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, title, done FROM todos ORDER BY id").map(ROW).list());
    }

    public long add(String title) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO todos (title) VALUES (:title)").bind("title", title.strip())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /** Flips a to-do; false if there is none. */
    public boolean toggle(long id) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE todos SET done = NOT done WHERE id = :id").bind("id", id).execute()) == 1;
    }

    public boolean delete(long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM todos WHERE id = :id").bind("id", id).execute()) == 1;
    }

    public int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM todos").mapTo(Integer.class).one());
    }
}
