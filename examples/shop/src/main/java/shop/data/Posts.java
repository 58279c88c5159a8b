package shop.data;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Blog posts. */
public final class Posts {
    /** A post as stored. */
    public record Post(long id, String title, String content, OffsetDateTime createdAt) {}

    private static final RowMapper<Post> ROW = (rs, ctx) -> new Post(rs.getLong("id"), rs.getString("title"),
            rs.getString("content"), rs.getObject("created_at", OffsetDateTime.class));

    private final Jdbi jdbi;

    public Posts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Post> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, title, content, created_at FROM posts ORDER BY id DESC").map(ROW).list());
    }

    public Optional<Post> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, title, content, created_at FROM posts WHERE id = :id")
                .bind("id", id).map(ROW).findOne());
    }

    public Post create(String title, String content) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO posts (title, content) VALUES (:title, :content)")
                .bind("title", title.strip())
                .bind("content", content)
                .executeAndReturnGeneratedKeys("id", "title", "content", "created_at")
                .map(ROW).one());
    }

    /** Changes a post; false if there is none. */
    public boolean update(long id, String title, String content) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE posts SET title = :title, content = :content WHERE id = :id")
                .bind("title", title.strip()).bind("content", content).bind("id", id).execute()) == 1;
    }

    /** Deletes a post; false if there was none. */
    public boolean delete(long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM posts WHERE id = :id").bind("id", id).execute()) == 1;
    }

    public int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM posts").mapTo(Integer.class).one());
    }
}
