package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Response;
import dev.arbor.internal.bind.Problems;

/** Plain HTML pages for errors on page URLs (404, 403, 409…), with the message escaped. */
final class ErrorPages {
    private ErrorPages() {}

    static Response html(int status, String message) {
        return page(status, "<p>" + escape(message == null ? "" : message) + "</p>", "/", "Go to the home page");
    }

    /**
     * The page for a plain form post refused before its action ran (cross-site, altered, too large, not a form, not
     * allowed): the status, what happened, and a link back to the form's page, where {@code back} is that page's own
     * path.
     */
    static Response refusedForm(HttpError error, String back) {
        String href = back.startsWith("/") && !back.startsWith("//") ? back : "/";
        return retryAfter(page(error.status(), "<p>Your form was not sent: " + escape(error.detail() == null ? "" : error.detail())
                + "</p><p>Nothing was changed.</p>", href, "Back to the page"), error);
    }

    /**
     * The answer to a request to a page refused before anything of it ran: for the browser itself a page (for a form
     * post, {@link #refusedForm}), for the client runtime and scripts a problem.
     */
    static Response refusal(Exchange exchange, HttpError error) {
        return exchange.wantsHtml() && exchange.method().equals("POST") ? refusedForm(error, exchange.target()) : answer(exchange, error);
    }

    /** An error answered after the request got its turn (an action threw, a page failed): a page for the browser itself, else a problem. */
    static Response answer(Exchange exchange, HttpError error) {
        return exchange.wantsHtml() ? html(error) : Response.problem(error);
    }

    /** The one template: the status as the title, {@code body} (HTML, already escaped) and one link. */
    private static Response page(int status, String body, String href, String link) {
        String title = escape(status + " · " + Problems.title(status));
        String page = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>%s</title>
                <style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;height:90vh;margin:0;color:#222}
                h1{font-size:1.4rem;font-weight:500}a{color:#0a58ca}</style></head>
                <body><main><h1>%s</h1>%s
                <p><a href="%s">%s</a></p></main></body></html>
                """.formatted(title, title, body, escape(href), link);
        return Response.html(page).withStatus(status);
    }

    /** The page for a thrown error, keeping its {@code Retry-After}. */
    static Response html(HttpError error) {
        return retryAfter(html(error.status(), error.detail()), error);
    }

    private static Response retryAfter(Response page, HttpError error) {
        if (error.retryAfter() != null) {
            page.header("Retry-After", Long.toString(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
        }
        return page;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
