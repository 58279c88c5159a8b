package dev.arbor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one form after an action ran: whether it succeeded, a message, each field's error, and the
 * values that were submitted (so a form that failed comes back filled in). Templates read it with
 * {@link #value(String)} and {@link #error(String)}, which answer {@code ""} rather than {@code null}.
 */
public final class FormState {
    private static final FormState EMPTY = new FormState(Status.IDLE, null, Map.of(), Map.of());

    /** Where the form is. */
    public enum Status { IDLE, SUCCESS, ERROR }

    private final Status status;
    private final String message;
    private final Map<String, String> errors;
    private final Map<String, String> values;

    private FormState(Status status, String message, Map<String, String> errors, Map<String, String> values) {
        this.status = status;
        this.message = message;
        this.errors = errors;
        this.values = values;
    }

    /** A form nobody has submitted yet. */
    public static FormState empty() {
        return EMPTY;
    }

    public static FormState success(String message) {
        return new FormState(Status.SUCCESS, message, Map.of(), Map.of());
    }

    public static FormState failure(String message) {
        return new FormState(Status.ERROR, message, Map.of(), Map.of());
    }

    /** This state with one more field error (and therefore failed). */
    public FormState withError(String field, String error) {
        Map<String, String> all = new LinkedHashMap<>(errors);
        all.putIfAbsent(field, error);
        return new FormState(Status.ERROR, message, Map.copyOf(all), values);
    }

    /** This state carrying the submitted values. */
    public FormState withValues(Map<String, String> submitted) {
        return new FormState(status, message, errors, Map.copyOf(submitted));
    }

    /** This state with a message. */
    public FormState withMessage(String text) {
        return new FormState(status, text, errors, values);
    }

    public Status status() {
        return status;
    }

    public boolean succeeded() {
        return status == Status.SUCCESS;
    }

    public boolean failed() {
        return status == Status.ERROR;
    }

    /** The message, or {@code ""}. */
    public String message() {
        return message == null ? "" : message;
    }

    /** The submitted value of a field, or {@code ""}. */
    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** The error of a field, or {@code ""}. */
    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public Map<String, String> errors() {
        return errors;
    }

    public Map<String, String> values() {
        return values;
    }
}
