package dev.arbor.it;

import dev.arbor.Page;
import dev.arbor.Request;
import dev.arbor.Response;
import java.util.concurrent.atomic.AtomicInteger;

/** Cached pages for {@link PageCacheTest}: what keys a cached render, and what the render may read. */
public final class CachedPagesUnderTest {
    private CachedPagesUnderTest() {}

    /** About 8 KB of filler, so that a few renders are enough to reach a small byte bound. */
    static final String FILLER = "<!--" + "x".repeat(8_000) + "-->";

    /** {@code /catalogue?page=N}: says which page it shows and how many times this server rendered it. */
    @Page(value = "/catalogue", revalidate = 60, query = "page")
    public static final class CataloguePage {
        private final AtomicInteger renders = new AtomicInteger();

        public Response get(Request request) {
            return Response.html("<!doctype html><title>catalogue</title><p id=\"text\">page=" + request.queryInt("page", 1)
                    + " renders=" + renders.incrementAndGet() + "</p>" + FILLER);
        }
    }

    /** A cached page that reads a parameter it did not declare; it shows the message that read fails with. */
    @Page(value = "/sloppy", revalidate = 60, query = "page")
    public static final class SloppyPage {
        public Response get(Request request) {
            String message;
            try {
                message = "sort=" + request.query("sort");
            } catch (IllegalStateException e) {
                message = e.getMessage();
            }
            return Response.html("<!doctype html><title>sloppy</title><p id=\"text\">" + message.replace("<", "&lt;") + "</p>");
        }
    }

    /**
     * {@code /echo?q=…}: a cached page that shows what the visitor sent, escaped, beside a form and the runtime's
     * script, so that it holds the nonce and the token too.
     */
    @Page(value = "/echo", revalidate = 60, query = "q")
    public static final class EchoPage {
        public Response get(Request request) {
            String q = request.query("q");
            gg.jte.Content page = output -> {
                output.writeContent("<!doctype html><title>echo</title><p id=\"text\">");
                gg.jte.html.escape.Escape.htmlContent(q == null ? "" : q, output);
                output.writeContent("</p><a id=\"link\" href=\"https://elsewhere.example/?t=");
                gg.jte.html.escape.Escape.htmlAttribute(q == null ? "" : q, output);
                output.writeContent("\">out</a>");
                dev.arbor.Forms.form(ActionsUnderTest_Counter_.slowDown, out -> out.writeContent("<button>go</button>"))
                        .writeTo(output);
                dev.arbor.Forms.scripts().writeTo(output);
            };
            return Response.html(page);
        }
    }
}
