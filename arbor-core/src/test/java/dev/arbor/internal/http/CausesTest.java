package dev.arbor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the dispatcher reads out of a cause chain: an unreachable database (503), a body sent too slowly (408). */
class CausesTest {
    private static RuntimeException wrapped(Throwable cause) {
        return new RuntimeException("in a repository", new IllegalStateException("in a pool", cause));
    }

    @Test
    void everyWayADatabaseSaysItIsUnreachableIsA503AndOtherErrorsAreNot() {
        for (Throwable down : List.of(new SQLTransientConnectionException("pool timeout"),
                new SQLNonTransientConnectionException("refused"), new SQLRecoverableException("lost"),
                new SQLException("x", "08006"), new SQLException("x", "57P01"), new SQLException("x", "57P02"),
                new SQLException("x", "57P03"), new dev.arbor.internal.state.StateUnavailable("redis down", null))) {
            assertThat(ServiceUnavailable.causedBy(wrapped(down))).as(down.toString()).isTrue();
        }
        for (Throwable bug : List.of(new SQLException("duplicate key", "23505"), new SQLException("no state"),
                new IllegalArgumentException("bug"))) {
            assertThat(ServiceUnavailable.causedBy(wrapped(bug))).as(bug.toString()).isFalse();
        }
    }

    @Test
    void aLoopingCauseChainEndsTheWalk() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertThat(ServiceUnavailable.causedBy(a)).isFalse();
        assertThat(BodyDeadline.causedBy(a)).isFalse();
    }

    @Test
    void aBodySentTooSlowlyIsFoundUnderTheReadersIOException() {
        assertThat(BodyDeadline.causedBy(new IOException(wrapped(new BodyDeadline.TooSlow("1 byte in 21 s"))))).isTrue();
        assertThat(BodyDeadline.causedBy(new IOException("reset"))).isFalse();
    }
}
