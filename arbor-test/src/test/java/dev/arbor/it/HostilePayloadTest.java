package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md checklist item 14: bodies that name classes, prototypes or back-references are refused, and no
 * class outside what binding the target records needs is loaded. The spy is JFR's {@code jdk.ClassLoad} event
 * around the hostile requests, plus {@link Canary}, whose initializer marks a system property; this test names the
 * canary only as a string, so nothing but a type-resolving decoder could load it.
 */
class HostilePayloadTest {
    private static final String CANARY = "dev.arbor.it.Canary";
    /** Where every class loaded while binding may come from: the JDK, the server, the binder and the validator. */
    private static final List<String> ALLOWED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.arbor.",
            "org.eclipse.jetty.", "com.fasterxml.jackson.", "org.hibernate.validator.", "jakarta.validation.",
            "org.jboss.logging.", "org.slf4j.", "gg.jte.");

    private final Fixtures fixtures = new Fixtures();

    static final List<String> JSON = List.of(
            "{\"@class\":\"" + CANARY + "\",\"item\":\"a\",\"quantity\":1}",
            "{\"@type\":\"java.lang.Runtime\",\"item\":\"a\",\"quantity\":1}",
            "{\"item\":{\"@class\":\"" + CANARY + "\"},\"quantity\":1}",
            "{\"item\":\"a\",\"quantity\":{\"@class\":\"java.lang.Runtime\",\"val\":1}}",
            "{\"item\":\"a\",\"quantity\":1,\"tags\":[[\"" + CANARY + "\",{}]]}",
            "[\"" + CANARY + "\",{\"item\":\"a\",\"quantity\":1}]",
            "{\"" + CANARY + "\":{\"item\":\"a\",\"quantity\":1}}",
            "{\"__proto__\":{\"admin\":true},\"item\":\"a\",\"quantity\":1}",
            "{\"constructor\":{\"prototype\":{\"admin\":true}},\"item\":\"a\",\"quantity\":1}",
            "{\"item\":\"a\",\"quantity\":1,\"0\":[\"$F1\"],\"1\":{\"then\":\"$1:__proto__:then\"}}",
            "{\"item\":\"a\",\"quantity\":1,\"java.lang.Runtime\":\"exec\"}",
            "{\"item\":\"a\",\"quantity\":1,\"admin\":true}");

    static final List<String> FORMS = List.of(
            "item=a&quantity=1&@class=" + CANARY,
            "item=a&quantity=1&@type=java.lang.Runtime",
            "item=a&quantity=1&__proto__[admin]=true",
            "item=a&quantity=1&constructor[prototype][admin]=true",
            "item=a&quantity=1&0=[\"$F1\"]&1={\"then\":\"$@1\"}",
            "item=a&quantity=1&java.lang.Runtime=exec",
            "item=a&quantity=1&" + CANARY + "=x",
            "item=a&quantity=1&admin=true");

    @Test
    void payloadsNamingClassesPrototypesOrReferencesAreRefusedAndLoadNothing() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/hardening/order"), 0);
            bindOnce(client, form);
            Set<String> loaded = classesLoadedDuring(() -> {
                for (String json : JSON) {
                    TestResponse response = client.postJson("/hardening/orders", json);
                    assertThat(response.status()).as(json + " -> " + response.body()).isEqualTo(400);
                    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
                }
                for (String fields : FORMS) {
                    String encoded = encode(fields);
                    TestResponse route = client.postForm("/hardening/orders", encoded);
                    assertThat(route.status()).as(fields + " -> " + route.body()).isEqualTo(400);
                    // An action shows the form again with the message (422) instead; it never runs.
                    TestResponse action = form.submit(client, "/hardening/order", encoded, "Sec-Fetch-Site", "same-origin");
                    assertThat(action.status()).as(fields + " to the action").isEqualTo(422);
                    assertThat(action.body()).contains("Unknown field");
                }
            });
            assertThat(fixtures.created).as("handlers that ran").isEmpty();
            assertThat(System.getProperty(Canary.MARK)).as("the canary's initializer ran").isNull();
            assertThat(loaded).as("classes loaded while refusing the payloads")
                    .doesNotContain(CANARY)
                    .allSatisfy(name -> assertThat(ALLOWED).anySatisfy(prefix -> assertThat(name).startsWith(prefix)));
        });
    }

    @Test
    void aReferenceLookingStringIsBoundAsPlainText() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            assertThat(client.postJson("/hardening/orders", "{\"item\":\"$F1\",\"quantity\":1,\"tags\":[\"$@1\",\"" + CANARY + "\"]}")
                    .status()).isEqualTo(201);
            assertThat(fixtures.created).containsExactly(
                    new HardeningUnderTest.OrderForm("$F1", 1, List.of("$@1", CANARY)));
            assertThat(System.getProperty(Canary.MARK)).isNull();
        });
    }

    /** The spy itself can fail: a class loaded inside the recording shows up in it. */
    @Test
    void theSpySeesAClassBeingLoaded() throws Exception {
        String name = "dev.arbor.it.SpyControl";
        ClassLoader loader = getClass().getClassLoader();
        Set<String> loaded = classesLoadedDuring(() -> {
            // On another thread, as a request would be: the spy leaves out the test's own thread.
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    Class.forName(name, true, loader);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            });
            other.join();
        });
        assertThat(loaded).contains(name);
    }

    /** Valid requests down each path, so that the recording holds only what the hostile ones load. */
    private void bindOnce(TestClient client, ActionForm form) {
        for (int i = 0; i < 3; i++) {
            client.postJson("/hardening/orders", "{\"item\":\"a\",\"quantity\":1}");
            client.postJson("/hardening/orders", "{\"item\":\"a\",\"quantity\":1,\"x\":1}");
            client.postForm("/hardening/orders", "item=a&quantity=1");
            client.postForm("/hardening/orders", "item=a&quantity=1&x=1");
            form.submit(client, "/hardening/order", "item=a&quantity=1&x=1", "Sec-Fetch-Site", "same-origin");
        }
        fixtures.created.clear();
    }

    interface Work {
        void run() throws Exception;
    }

    private static Set<String> classesLoadedDuring(Work work) throws Exception {
        Path file = Files.createTempFile("class-loads", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ClassLoad").withoutThreshold().withStackTrace();
            recording.start();
            work.run();
            recording.stop();
            recording.dump(file);
            Set<String> names = new TreeSet<>();
            long self = Thread.currentThread().threadId();
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                // The test's own assertions load classes too; what matters is what the server and client load.
                if (event.getThread() == null || event.getThread().getJavaThreadId() != self) {
                    names.add(event.getClass("loadedClass").getName());
                }
            }
            return names;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String encode(String fields) {
        StringBuilder out = new StringBuilder();
        for (String pair : fields.split("&")) {
            int eq = pair.indexOf('=');
            out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(pair.substring(0, eq), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}

/** Named only as a string, by {@link HostilePayloadTest#theSpySeesAClassBeingLoaded}: top-level and not named like a test, so neither Surefire nor JUnit discovery loads it first. */
final class SpyControl {}
