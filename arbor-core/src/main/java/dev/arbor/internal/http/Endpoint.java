package dev.arbor.internal.http;

import dev.arbor.Response;

/**
 * What serves one entry of the route table, chosen once at start-up by the entry's kind: a {@link RouteEndpoint}
 * for a {@code @Route}, a {@link PageEndpoint} for a {@code @Page} and the actions posted to it. The dispatcher
 * matches the path and calls {@link #handle}; it never asks which kind it holds.
 */
sealed interface Endpoint permits RouteEndpoint, PageEndpoint {
    /** The entry this endpoint serves. */
    RouteEntry entry();

    /** Whether it serves pages to browsers, so that a browser's refused or failed request may be answered with one. */
    boolean servesPages();

    /**
     * The answer to {@code exchange}, whose entry is {@link #entry()}. Refusals are answers; what it throws the
     * dispatcher answers (a problem, 503, or 500 with an error id). Completes nothing: the dispatcher writes the answer.
     */
    Response handle(Exchange exchange) throws Exception;
}
