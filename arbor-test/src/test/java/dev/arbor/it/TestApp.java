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
                .bearerTokens(TestApp::owner)
                .sseHeartbeat(Duration.ofMillis(200));
    }

    /** The test app's API keys: {@code token-of-ada} (a customer) and {@code token-of-root} (an admin). */
    static java.util.Optional<dev.arbor.Identity> owner(String token) {
        return switch (token) {
            case "token-of-ada" -> java.util.Optional.of(new dev.arbor.Identity("ada", java.util.Set.of("customer")));
            case "token-of-root" -> java.util.Optional.of(new dev.arbor.Identity("root", java.util.Set.of("admin")));
            default -> java.util.Optional.empty();
        };
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
        Thread.startVirtualThread(() -> {
            try {
                fixtures.timedSlowEntered.await();
                System.out.println("SLOW ENTERED");
                System.out.flush();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        server.join();
    }
}
