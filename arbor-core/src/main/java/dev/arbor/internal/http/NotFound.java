package dev.arbor.internal.http;

import dev.arbor.Response;

/** The answer for a path no route matches: problem+json under {@code /api}, a small HTML page elsewhere. */
final class NotFound {
    private NotFound() {}

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>404: This page could not be found</title>
            <style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;height:90vh;margin:0;color:#222}
            h1{font-size:1.4rem;font-weight:500}a{color:#0a58ca}</style></head>
            <body><main><h1>404 · This page could not be found.</h1><p><a href="/">Go to the home page</a></p></main></body></html>
            """;

    static Response response(String path) {
        if (Dispatcher.isApi(path)) {
            return Response.problem(404, "No route matches this path");
        }
        // ResponseWriter adds the page headers (the no-script CSP) and, over HTTPS, HSTS.
        return Response.html(PAGE).withStatus(404);
    }
}
