package dev.arbor.bench.app;

import dev.arbor.Public;
import dev.arbor.Response;
import dev.arbor.Route;

/** {@code GET /bench/plaintext}: the framework's floor, no work but routing and writing 13 bytes. */
@Route("/bench/plaintext")
@Public
public final class PlaintextRoute {
    public Response get() {
        return Response.text("Hello, World!");
    }
}
