package shop.app;

import dev.arbor.Public;
import dev.arbor.Response;
import dev.arbor.Route;

/** {@code GET /}: a small index of what the shop serves. Pages with forms and actions come with the page model. */
@Route("/")
@Public
public final class HomeRoute {
    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>Arbor shop</title>
            <style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
            code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}</style></head>
            <body><h1>Arbor shop</h1>
            <p>The reference application of the Arbor framework. Its API:</p>
            <ul>
            <li><a href="/api/products?page=1&amp;size=20"><code>GET /api/products?page=1&amp;size=20</code></a> — the catalogue</li>
            <li><a href="/api/products/1"><code>GET /api/products/1</code></a> — one product</li>
            <li><a href="/api/users"><code>GET /api/users</code></a>, <code>POST /api/users</code> — users</li>
            <li><a href="/api/posts"><code>GET /api/posts</code></a>, <code>POST /api/posts</code>, <code>GET/DELETE /api/posts/{id}</code> — posts</li>
            <li><code>POST /api/uploads</code> — image upload (multipart, field <code>file</code>)</li>
            <li><a href="/api/events"><code>GET /api/events</code></a> — live events (Server-Sent Events)</li>
            <li><a href="/api/health"><code>GET /api/health</code></a> — health</li>
            </ul></body></html>
            """;

    public Response get() {
        return Response.html(PAGE);
    }
}
