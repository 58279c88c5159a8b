package dev.arbor.it;

import dev.arbor.Arbor;
import dev.arbor.ArborApp;
import dev.arbor.Services;
import java.time.Duration;

/** The routes the framework's own HTTP tests drive; {@code TestApp_} is generated from them. */
@ArborApp
public final class TestApp {
    private TestApp() {}

    static Arbor.Builder builder(Fixtures fixtures) {
        return Arbor.builder()
                .services(new Services().add(Fixtures.class, fixtures))
                .routes(TestApp_.ROUTES)
                .actions(TestApp_.ACTIONS)
                .sseHeartbeat(Duration.ofMillis(200));
    }

    /** Runs the test app as a process, for the SIGTERM tests: {@code port [shutdownTimeoutMillis]}. */
    public static void main(String[] args) throws Exception {
        Fixtures fixtures = new Fixtures();
        Arbor.Builder builder = builder(fixtures).port(Integer.parseInt(args[0])).printTo(null);
        if (args.length > 1) {
            builder.shutdownTimeout(Duration.ofMillis(Long.parseLong(args[1])));
        }
        Arbor server = builder.build().start().stopOnShutdown();
        System.out.println("READY " + server.port());
        System.out.flush();
        server.join();
    }
}
