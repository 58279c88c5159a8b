package dev.arbor;

/**
 * What an action answers. Expected outcomes are returned, never thrown: a form state to show (a message,
 * field errors, the submitted values), a redirect, or a refusal.
 *
 * <p>Without JavaScript, a {@link Redirect} answers 303 to its location; a successful {@link State} answers
 * 303 back to the page with its message shown once (so a refresh never submits twice); a failed
 * {@link State} answers 422 with the page rendered again around the state. With the client runtime the
 * same results are applied in place.
 */
public sealed interface ActionResult {
    /** Show this form state on the page. */
    record State(FormState state) implements ActionResult {}

    /** Go to {@code location}: a path within the app, such as {@code /posts/12}. */
    record Redirect(String location) implements ActionResult {
        public Redirect {
            if (location == null || !location.startsWith("/") || location.startsWith("//") || location.startsWith("/\\")) {
                throw new IllegalArgumentException("an action redirects within the app: a path starting with a single '/', was " + location);
            }
        }
    }

    /** 404: the thing the action was about does not exist (or is not the caller's to know about). */
    record NotFound(String message) implements ActionResult {}

    /** 403: the caller may not do this. */
    record Forbidden(String message) implements ActionResult {}

    /** Success with a message shown once on the page. */
    static ActionResult ok(String message) {
        return new State(FormState.success(message));
    }

    /** Success without a message. */
    static ActionResult ok() {
        return new State(FormState.success(null));
    }

    /** A failure shown on the form: a message, the submitted values kept. */
    static ActionResult error(String message) {
        return new State(FormState.failure(message));
    }

    /** A failure of one field: its message beside the field, the submitted values kept. */
    static ActionResult fieldError(String field, String message) {
        return new State(FormState.failure(null).withError(field, message));
    }

    static ActionResult redirect(String location) {
        return new Redirect(location);
    }

    static ActionResult notFound(String message) {
        return new NotFound(message);
    }

    static ActionResult forbidden(String message) {
        return new Forbidden(message);
    }
}
