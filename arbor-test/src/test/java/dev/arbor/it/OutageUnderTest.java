package dev.arbor.it;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.FormState;
import dev.arbor.Forms;
import dev.arbor.Page;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import dev.arbor.ServerActions;
import gg.jte.Content;
import jakarta.validation.constraints.NotBlank;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Routes and an action that fail the way data-access code fails when the database is away: the exceptions are
 * built as HikariCP, the PostgreSQL driver and JDBI build them, so the framework is tested without a database.
 */
public final class OutageUnderTest {
    private OutageUnderTest() {}

    /** Whether the pretend database is down; the outage tests set it and always reset it. */
    public static final AtomicBoolean DOWN = new AtomicBoolean();

    /** What JDBI throws around a driver's or the pool's exception. */
    static final class WrappedByTheLibrary extends RuntimeException {
        WrappedByTheLibrary(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static RuntimeException poolTimeout() {
        return new WrappedByTheLibrary("Unable to acquire JDBC Connection",
                new SQLTransientConnectionException("shop - Connection is not available, request timed out after 2000ms."));
    }

    @Route("/api/outage/{kind}")
    @Public
    public static final class Failing {
        private final Fixtures fixtures;

        public Failing(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Map<String, Object> get(Request request) throws Exception {
            throw switch (request.pathParam("kind")) {
                case "pool-timeout" -> poolTimeout();
                // The PostgreSQL driver's answer when its socket is closed under it.
                case "connection-lost" -> new WrappedByTheLibrary("Unable to execute statement",
                        new SQLException("An I/O error occurred while sending to the backend.", "08006"));
                case "refused" -> new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
                case "shutting-down" -> new SQLException("terminating connection due to administrator command", "57P01");
                // A bug, not an outage: still a 500.
                case "syntax" -> new WrappedByTheLibrary("Unable to execute statement",
                        new SQLException("syntax error at or near \"SELEC\"", "42601"));
                default -> new IllegalStateException("unknown kind");
            };
        }

        public Response post(Request request) {
            if (DOWN.get()) {
                throw poolTimeout();
            }
            fixtures.created.add("route");
            return Response.json(Map.of("saved", true), 201);
        }
    }

    public record Note(@NotBlank String title, String body) {}

    @Page("/outage/notes")
    public static final class NotesPage {
        private final Fixtures fixtures;

        public NotesPage(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response get(Request request) {
            FormState state = request.formState(OutageUnderTest_Notes_.save);
            Content fields = out -> out.writeContent("<p id=\"message\">" + state.message() + "</p>"
                    + "<input name=\"title\" value=\"" + state.value("title") + "\">"
                    + "<textarea name=\"body\">" + state.value("body") + "</textarea><button>Save</button>");
            Content page = out -> {
                out.writeContent("<!doctype html><title>notes</title><p id=\"count\">" + fixtures.created.size() + "</p>");
                Forms.form(OutageUnderTest_Notes_.save, fields).writeTo(out);
            };
            return Response.html(page);
        }
    }

    /** A page that reads the database to render. */
    @Page("/outage/listing")
    public static final class ListingPage {
        public Response get() {
            if (DOWN.get()) {
                throw poolTimeout();
            }
            return Response.html("<!doctype html><title>listing</title><p>all here</p>");
        }
    }

    @ServerActions
    @Public
    public static final class Notes {
        private final Fixtures fixtures;

        public Notes(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        @Action
        public ActionResult save(Note note, ActionContext ctx) {
            if (DOWN.get()) {
                throw poolTimeout();
            }
            fixtures.created.add(note);
            return ActionResult.redirect("/outage/notes");
        }
    }
}
