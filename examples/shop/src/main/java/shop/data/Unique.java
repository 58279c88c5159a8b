package shop.data;

import java.sql.SQLException;

/** Recognises a unique-constraint violation, which H2 and PostgreSQL both report as SQLSTATE 23505. */
final class Unique {
    private Unique() {}

    static boolean isViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
