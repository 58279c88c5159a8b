package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Response;
import dev.arbor.internal.bind.Problems;

/** Plain HTML pages for errors on page URLs (404, 403, 409…), with the message escaped. */
final class ErrorPages {
    private ErrorPages() {}

    static Response html(int status, String message) {
        String title = status + " · " + Problems.title(status);
        String page = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>%s</title>
                <style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;height:90vh;margin:0;color:#222}
                h1{font-size:1.4rem;font-weight:500}a{color:#0a58ca}</style></head>
                <body><main><h1>%s</h1><p>%s</p><p><a href="/">Go to the home page</a></p></main></body></html>
                """.formatted(escape(title), escape(title), escape(message == null ? "" : message));
        return Response.html(page).withStatus(status);
    }

    /**
     * The page for a plain form post refused before its action ran (cross-site, altered, too large, not a form):
     * the status, what happened, and a link back to the form's page, where {@code back} is that page's own path.
     */
    static Response refusedForm(HttpError error, String back) {
        String title = error.status() + " · " + Problems.title(error.status());
        String href = back.startsWith("/") && !back.startsWith("//") ? back : "/";
        String page = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>%s</title>
                <style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;height:90vh;margin:0;color:#222}
                h1{font-size:1.4rem;font-weight:500}a{color:#0a58ca}</style></head>
                <body><main><h1>%s</h1><p>Your form was not sent: %s</p><p>Nothing was changed.</p>
                <p><a href="%s">Back to the page</a></p></main></body></html>
                """.formatted(escape(title), escape(title), escape(error.detail() == null ? "" : error.detail()), escape(href));
        return Response.html(page).withStatus(error.status());
    }

    /** The page for a thrown error, keeping its {@code Retry-After}. */
    static Response html(HttpError error) {
        Response page = html(error.status(), error.detail());
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
