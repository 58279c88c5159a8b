package shop.data;

import dev.arbor.Identity;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Blog posts. */
public final class Posts {
    /**
     * A post as stored.
     *
     * @param authorId the id of the user who wrote it, or null: written before posts had authors, or by a visitor
     *                 who was not signed in, and then only administrators may change it
     */
    public record Post(long id, String title, String content, OffsetDateTime createdAt, Long authorId) {
        /** Whether {@code user} (null: nobody signed in) may edit or delete this post: its author or an administrator. */
        public boolean isChangeableBy(Identity user) {
            if (user == null) {
                return false;
            }
            return user.hasRole(Accounts.ADMIN) || authorId != null && authorId.toString().equals(user.userId());
        }
    }

    /** What a caller who may not change a post is told. */
    public static final String NOT_YOURS = "Only its author or an administrator can change this post";

    private static final String COLUMNS = "id, title, content, created_at, author_id";
    private static final RowMapper<Post> ROW = (rs, ctx) -> new Post(rs.getLong("id"), rs.getString("title"),
            rs.getString("content"), rs.getObject("created_at", OffsetDateTime.class), rs.getObject("author_id", Long.class));

    private final Jdbi jdbi;

    public Posts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Post> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM posts ORDER BY id DESC").map(ROW).list());
    }

    public Optional<Post> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM posts WHERE id = :id")
                .bind("id", id).map(ROW).findOne());
    }

    /** A post without an author: only administrators may change it. */
    public Post create(String title, String content) {
        return create(title, content, null);
    }

    /** A post written by the user {@code authorId} (null: by nobody signed in). */
    public Post create(String title, String content, Long authorId) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "INSERT INTO posts (title, content, author_id) VALUES (:title, :content, :author)")
                .bind("title", title.strip())
                .bind("content", content)
                .bind("author", authorId)
                .executeAndReturnGeneratedKeys("id", "title", "content", "created_at", "author_id")
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
