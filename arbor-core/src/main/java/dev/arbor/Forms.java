package dev.arbor;

import dev.arbor.internal.bind.Json;
import dev.arbor.internal.render.RenderContext;
import gg.jte.Content;
import gg.jte.TemplateOutput;
import gg.jte.html.escape.Escape;

/**
 * Template helpers for forms that call server actions. Each returns JTE {@link Content}, written with
 * {@code ${...}} in a template:
 *
 * <pre>{@code
 * ${Forms.form(PostActions_.createPost, @`
 *     <input name="title" value="${state.value("title")}"> ${state.error("title")}
 *     ${Forms.submit("Create", "Creating…")}
 * `)}
 * ${Forms.scripts()}
 * }</pre>
 *
 * The form posts back to the page's own URL with the action id, the session's CSRF token, and the
 * action's bound values sealed (AES-256-GCM, bound to that action). It works without JavaScript; the
 * client runtime from {@link #scripts()} enhances it in place.
 */
public final class Forms {
    private Forms() {}

    /** A {@code <form>} that calls {@code action}. */
    public static Content form(ActionRef action, Content body) {
        return form(action, "", body);
    }

    /**
     * A {@code <form>} that calls {@code action}, with extra attributes written as given (a constant from
     * the template, such as {@code class="inline"}; never user input).
     */
    public static Content form(ActionRef action, String attributes, Content body) {
        if (!action.isComplete()) {
            throw new IllegalArgumentException(action.key() + " has bound parameters: call .bind(…) with their values");
        }
        RenderContext context = RenderContext.current();
        String id = context.actionId(action);
        String bound = action.boundTypes().isEmpty() ? null : context.seal(action, Json.write(action.boundValues()));
        return output -> {
            output.writeContent("<form method=\"post\" action=\"");
            escape(output, context.formTarget());
            output.writeContent("\" data-arbor-action");
            if (!attributes.isEmpty()) {
                output.writeContent(" ");
                output.writeContent(attributes);
            }
            output.writeContent(">");
            hidden(output, "_action", id);
            hidden(output, "_csrf", context.csrfToken());
            if (bound != null) {
                hidden(output, "_bound", bound);
            }
            body.writeTo(output);
            output.writeContent("</form>");
        };
    }

    /** A submit button whose label becomes {@code pendingLabel} while the action runs. */
    public static Content submit(String label, String pendingLabel) {
        return output -> {
            output.writeContent("<button type=\"submit\" data-pending=\"");
            escape(output, pendingLabel);
            output.writeContent("\">");
            escape(output, label);
            output.writeContent("</button>");
        };
    }

    /** The client runtime's {@code <script>} tag, carrying this response's CSP nonce. */
    public static Content scripts() {
        RenderContext context = RenderContext.current();
        return output -> {
            output.writeContent("<script type=\"module\" src=\"");
            output.writeContent(context.scriptUrl());
            output.writeContent("\" nonce=\"");
            output.writeContent(context.nonce());
            output.writeContent("\"></script>");
        };
    }

    /** This response's CSP nonce, for an inline {@code <script nonce="...">} of your own. */
    public static String nonce() {
        return RenderContext.current().nonce();
    }

    /**
     * The state of the form calling {@code action} in this render: after that action failed, its message (also
     * for failures no field can show, such as an unknown or repeated field), field errors and values; after it
     * succeeded, its message; otherwise empty. The same as {@link Request#formState(ActionRef)}, for templates
     * that have no request, such as a form tag shared by every page.
     */
    public static FormState state(ActionRef action) {
        return RenderContext.current().state(action);
    }

    /** The message an action left for this page view (shown once), or {@code ""}. */
    public static String flash() {
        return RenderContext.current().flash();
    }

    private static void hidden(TemplateOutput output, String name, String value) {
        output.writeContent("<input type=\"hidden\" name=\"" + name + "\" value=\"");
        escape(output, value);
        output.writeContent("\">");
    }

    private static void escape(TemplateOutput output, String value) {
        Escape.htmlAttribute(value, output);
    }
}
