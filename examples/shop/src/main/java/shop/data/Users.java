package shop.data;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The shop's users. E-mail addresses are unique regardless of case. */
public final class Users {
    /** A user as stored. */
    public record User(long id, String name, String email, OffsetDateTime createdAt) {
        /** What anyone may see of this user. */
        public Member member() {
            return new Member(id, name, createdAt);
        }
    }

    /** What the public list shows of a user: never the e-mail address, which is an account's login. */
    public record Member(long id, String name, OffsetDateTime createdAt) {}

    /** Thrown by {@link #create} when the e-mail address is taken. */
    public static final class EmailTaken extends RuntimeException {
        public EmailTaken() {
            super("email taken", null, false, false);
        }
    }

    private static final RowMapper<User> ROW = (rs, ctx) -> new User(rs.getLong("id"), rs.getString("name"),
            rs.getString("email"), rs.getObject("created_at", OffsetDateTime.class));

    private final Jdbi jdbi;

    public Users(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Member> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, created_at FROM users ORDER BY id")
                .map((rs, ctx) -> new Member(rs.getLong("id"), rs.getString("name"), rs.getObject("created_at", OffsetDateTime.class)))
                .list());
    }

    public Optional<User> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, email, created_at FROM users WHERE id = :id")
                .bind("id", id).map(ROW).findOne());
    }

    /** Creates a user; the unique constraint, not a prior look-up, decides a race between two sign-ups. */
    public User create(String name, String email) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("INSERT INTO users (name, email) VALUES (:name, :email)")
                    .bind("name", name.strip())
                    .bind("email", email.strip().toLowerCase(Locale.ROOT))
                    .executeAndReturnGeneratedKeys("id", "name", "email", "created_at")
                    .map(ROW).one());
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) {
                throw new EmailTaken();
            }
            throw e;
        }
    }

    public int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one());
    }
}
