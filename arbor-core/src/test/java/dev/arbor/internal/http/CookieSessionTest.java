package dev.arbor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Response;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.state.MemoryState;
import dev.arbor.internal.state.SharedState;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a session costs in lookups of the revocations, and what login and logout retire. */
class CookieSessionTest {
    private final Keys keys = dev.arbor.internal.action.TestKeys.of(Keys.randomSecret());
    private final Counting state = new Counting(new MemoryState(Clock.systemUTC()));

    /** A real in-memory store that counts the lookups made in it. */
    private static final class Counting implements SharedState {
        final SharedState store;
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();

        Counting(SharedState store) {
            this.store = store;
        }

        @Override public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
            writes.incrementAndGet();
            return store.putIfAbsent(key, value, ttl);
        }
        @Override public void put(String key, byte[] value, Duration ttl) {
            writes.incrementAndGet();
            store.put(key, value, ttl);
        }
        @Override public byte[] get(String key) {
            lookups.incrementAndGet();
            return store.get(key);
        }
        @Override public void delete(String key) { store.delete(key); }
        @Override public Count count(String key, long delta, Duration ttl) { return store.count(key, delta, ttl); }
        @Override public void giveBack(String key, long window) { store.giveBack(key, window); }
        @Override public String describe() { return "counting"; }
        @Override public void close() { store.close(); }
    }

    private CookieSession load(String cookie) {
        return CookieSession.load(cookie, keys, Duration.ofDays(7), Clock.systemUTC()).revokedIn(state);
    }

    private static String cookieOf(CookieSession session) {
        Response response = Response.noContent();
        session.writeTo(response, false);
        return response.cookies().stream().filter(c -> c.name().equals(CookieSession.NAME)).findFirst().orElseThrow().value();
    }

    @Test
    void loggingOutAnAnonymousSessionRevokesNothingSoAnyoneCannotGrowTheStore() {
        CookieSession anonymous = load(null);
        anonymous.put("theme", "dark");
        CookieSession again = load(cookieOf(anonymous));
        again.logout();
        assertThat(state.writes).as("an anonymous logout").hasValue(0);
        assertThat(again.rotatedAnchor()).as("the CSRF anchor still rotates").isNotNull();

        CookieSession signedIn = load(null);
        signedIn.login("ada", Set.of());
        CookieSession later = load(cookieOf(signedIn));
        later.logout();
        assertThat(state.writes).as("a signed-in logout").hasValue(1);
    }

    @Test
    void aRequestWithoutASessionCookieMakesNoLookup() {
        CookieSession session = load(null);
        assertThat(session.identity()).isNull();
        assertThat(session.get("cart")).isNull();
        session.put("cart", "c1");
        session.login("ada", Set.of());
        assertThat(state.lookups).hasValue(0);
        assertThat(state.writes).as("a session no client holds needs no revoking").hasValue(0);
    }

    @Test
    void askingWhoIsSignedInWithAnAnonymousCookieMakesNoLookupButReadingItsValuesMakesOne() {
        CookieSession fresh = load(null);
        fresh.put("cart", "c1");
        String anonymous = cookieOf(fresh);

        CookieSession session = load(anonymous);
        assertThat(session.identity()).isNull();
        assertThat(state.lookups).hasValue(0);
        assertThat(session.get("cart")).isEqualTo("c1");
        assertThat(session.get("cart")).isEqualTo("c1");
        assertThat(state.lookups).as("once per request").hasValue(1);
    }

    @Test
    void aSignedInCookieIsLookedUpOncePerRequest() {
        CookieSession fresh = load(null);
        fresh.login("ada", Set.of("admin"));
        String signedIn = cookieOf(fresh);

        CookieSession session = load(signedIn);
        assertThat(session.identity().userId()).isEqualTo("ada");
        assertThat(session.identity().hasRole("admin")).isTrue();
        assertThat(session.id()).isNotBlank();
        assertThat(state.lookups).hasValue(1);
    }

    @Test
    void loginAndLogoutRetireTheIdTheClientHeld() {
        CookieSession fresh = load(null);
        fresh.put("cart", "c1");
        String anonymous = cookieOf(fresh);

        CookieSession loggingIn = load(anonymous);
        String before = loggingIn.id();
        loggingIn.login("ada", Set.of());
        assertThat(loggingIn.id()).isNotEqualTo(before);
        assertThat(loggingIn.get("cart")).isEqualTo("c1");
        assertThat(loggingIn.rotatedAnchor()).hasSize(22);
        String signedIn = cookieOf(loggingIn);

        CookieSession replayed = load(anonymous);
        assertThat(replayed.get("cart")).isNull();
        assertThat(replayed.id()).isNotEqualTo(before);

        CookieSession loggingOut = load(signedIn);
        assertThat(loggingOut.identity().userId()).isEqualTo("ada");
        loggingOut.logout();
        assertThat(load(signedIn).identity()).isNull();
        assertThat(load(signedIn).get("cart")).isNull();
    }
}
