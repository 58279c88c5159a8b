package dev.arbor.internal.http;

import dev.arbor.ActionContext;
import dev.arbor.FormState;
import dev.arbor.HttpError;
import dev.arbor.internal.bind.Binder;
import dev.arbor.spi.ActionDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One call of a server action: its exchange, the action, the form as posted and the opened bound values. It is what
 * the generated invoker asks for its arguments, and what the pipeline answers from once the action returned.
 */
final class ActionCall implements ActionDefinition.Call {
    private final Exchange exchange;
    private final ActionEntry action;
    private final Map<String, List<String>> fields;
    private final List<Object> bound;

    ActionCall(Exchange exchange, ActionEntry action, Map<String, List<String>> fields, List<Object> bound) {
        this.exchange = exchange;
        this.action = action;
        this.fields = fields;
        this.bound = bound;
    }

    Exchange exchange() {
        return exchange;
    }

    ActionEntry action() {
        return action;
    }

    /** The action's key, under which its form's state is kept while the page renders. */
    String key() {
        return action.definition().ref().key();
    }

    /**
     * The values a failed form shows again: never the framework's fields, never a password. Made only when a form
     * is shown again, not for an action that succeeded.
     */
    Map<String, String> submittedValues() {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach((name, all) -> {
            if (!name.startsWith("_") && !all.isEmpty() && !name.toLowerCase(Locale.ROOT).contains("password")) {
                values.put(name, all.getFirst());
            }
        });
        return values;
    }

    @Override
    public <T> T form(Class<T> type) {
        try {
            return Binder.form(fields, exchange.request().files(), type);
        } catch (HttpError error) {
            FormState state = FormState.failure(error.status() == 422 ? null : error.detail());
            for (var field : error.errors()) {
                state = state.withError(field.field(), field.message());
            }
            throw new InvalidForm(state);
        }
    }

    @Override
    public ActionContext context() {
        return exchange.request();
    }

    @Override
    public <T> T bound(int index, Class<T> type) {
        @SuppressWarnings("unchecked")
        T value = (T) bound.get(index);
        return value;
    }

    /** A form that failed binding or validation: shown again with its errors, the action not run. */
    static final class InvalidForm extends RuntimeException {
        private final FormState state;

        InvalidForm(FormState state) {
            super(null, null, false, false);
            this.state = state;
        }

        FormState state() {
            return state;
        }
    }
}
