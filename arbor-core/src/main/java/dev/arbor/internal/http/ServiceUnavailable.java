package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Response;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an outage of the database apart from a bug. When user code fails because the database cannot be reached
 * (refused, connection lost, the pool timed out waiting for one), the answer is 503 with {@code Retry-After}, not a
 * 500: the request was fine and the same request will succeed once the database is back. Routes answer a
 * problem, actions show their form again with a message and the values kept.
 *
 * <p>The test is on the JDBC types and SQLSTATEs only ({@code java.sql} is in the JDK), found anywhere in the cause
 * chain, because data-access libraries wrap them: HikariCP's pool timeout is an
 * {@link SQLTransientConnectionException}, the PostgreSQL driver says SQLSTATE class 08 when it cannot connect or
 * loses its socket, and JDBI wraps either in its own exceptions.
 */
final class ServiceUnavailable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceUnavailable.class);
    static final String MESSAGE = "The service is temporarily unavailable; please try again";
    /** A client retrying this soon gives a restarting database or a failing-over pool a moment. */
    private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(5);

    private ServiceUnavailable() {}

    /** Whether {@code thrown} or one of its causes says the database is unreachable. */
    static boolean causedBy(Throwable thrown) {
        return Causes.find(thrown, cause -> cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException
                || cause instanceof dev.arbor.internal.state.StateUnavailable
                || cause instanceof SQLException sql && unreachable(sql.getSQLState())) != null;
    }

    /**
     * SQLSTATE class 08 is "connection exception"; 57P01–57P03 are PostgreSQL's "the server is shutting down or
     * not yet accepting connections", which a restart of the database produces.
     */
    private static boolean unreachable(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    /** Logs the outage in one line: during one, every request fails the same way and stack traces would flood the log. */
    static void log(Exchange exchange, Throwable thrown) {
        Throwable sql = Causes.find(thrown, cause -> cause instanceof SQLException);
        Throwable cause = sql != null ? sql : thrown;
        LOG.warn("database unavailable in {} {}: answered 503 ({}: {})", exchange.method(), exchange.path(),
                cause.getClass().getName(), cause.getMessage());
    }

    /** The 503 for an outage: a problem for a route or a script, the same said on a page for a browser. */
    static HttpError error() {
        return new HttpError(503, "service-unavailable", MESSAGE, List.of()).withRetryAfter(RETRY_AFTER);
    }

    /** A page answered 503 with {@code Retry-After}, such as a form shown again to be sent once the database is back. */
    static Response retryAfter(Response page) {
        return page.header("Retry-After", Long.toString(RETRY_AFTER.toSeconds()));
    }
}
