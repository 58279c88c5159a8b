package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md checklist item 15, the CVE-2025-55184 analogue: each oversized or self-referential body is refused
 * before any handler runs, promptly, and leaves neither a busy thread nor a grown heap behind. The 2 s bound here is
 * only a hang guard; the server-side cost per case is measured by {@code HostileBodyBenchmark} (benchmarks/jmh) and reported in
 * {@code docs/security.md}.
 */
class HostileLimitsTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);
    private static final int MIB = 1 << 20;

    private final Fixtures fixtures = new Fixtures();

    /** One hostile request and the status it must get. */
    record Case(String name, int status, BiFunction<TestClient, ActionForm, TestResponse> send) {}

    static final List<Case> CASES = List.of(
            new Case("JSON body of 1 MiB + 1 byte", 413, (client, form) -> client.send("POST", "/hardening/orders",
                    padded("{\"item\":\"", "\",\"quantity\":1}", MIB + 1), "application/json")),
            new Case("action body of 1 MiB + 1 byte", 413, (client, form) -> client.send("POST", "/hardening/order",
                    form.body(padded("quantity=1&item=", "", MIB - form.body("").length())), "application/x-www-form-urlencoded",
                    "Cookie", form.cookie(), "Sec-Fetch-Site", "same-origin")),
            new Case("1001 form fields to an action", 413, (client, form) -> form.submit(client, "/hardening/order",
                    "f=1&".repeat(1001), "Sec-Fetch-Site", "same-origin")),
            new Case("1001 form fields to a route", 413, (client, form) -> client.postForm("/hardening/orders", "f=1&".repeat(1001))),
            new Case("JSON nested 33 deep", 400, (client, form) -> client.postJson("/api/anything",
                    "{\"value\":" + "[".repeat(32) + "]".repeat(32) + "}")),
            new Case("a JSON string of 64 KiB + 1", 400, (client, form) -> client.postJson("/hardening/orders",
                    "{\"item\":\"" + "x".repeat(64 * 1024 + 1) + "\",\"quantity\":1}")),
            new Case("a form field of 64 KiB + 1 to a route", 400, (client, form) -> client.postForm("/hardening/orders",
                    "quantity=1&item=" + "x".repeat(64 * 1024 + 1))),
            // An action answers bad fields by showing the form again with the message (422), never by running.
            new Case("a form field of 64 KiB + 1 to an action", 422, (client, form) -> form.submit(client, "/hardening/order",
                    "quantity=1&item=" + "x".repeat(64 * 1024 + 1), "Sec-Fetch-Site", "same-origin")),
            new Case("a JSON array of 100,000 elements", 400, (client, form) -> client.postJson("/hardening/orders",
                    "{\"item\":\"a\",\"quantity\":1,\"tags\":[" + "\"a\",".repeat(99_999) + "\"a\"]}")),
            new Case("an untyped JSON array of 100,000 elements", 400, (client, form) -> client.postJson("/api/anything",
                    "{\"value\":[" + "0,".repeat(99_999) + "0]}")),
            new Case("a self-referential reply to a route", 400, (client, form) -> client.postForm("/hardening/orders",
                    "0=%5B%22%24F1%22%5D&1=%7B%22then%22%3A%22%241%3A__proto__%3Athen%22%2C%22status%22%3A%22resolved_model%22%7D")),
            new Case("a self-referential reply to an action", 422, (client, form) -> form.submit(client, "/hardening/order",
                    "0=%5B%22%24F1%22%5D&1=%7B%22then%22%3A%22%241%3A__proto__%3Athen%22%2C%22status%22%3A%22resolved_model%22%7D",
                    "Sec-Fetch-Site", "same-origin")));

    private static String padded(String head, String tail, int total) {
        return head + "x".repeat(total - head.length() - tail.length()) + tail;
    }

    @Test
    void eachLimitCaseIsRefusedPromptlyAndRunsNoHandler() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/hardening/order"), 0);
            warmUp(client, form);
            for (Case hostile : CASES) {
                long begin = System.nanoTime();
                TestResponse response = hostile.send().apply(client, form);
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                assertThat(response.status()).as(hostile.name() + ": " + response).isEqualTo(hostile.status());
                assertThat(response.body()).as(hostile.name()).doesNotContain("Exception", "at dev.arbor", "jackson");
                System.out.printf("%-45s %d in %d ms%n", hostile.name(), response.status(), took.toMillis());
                assertThat(took).as(hostile.name()).isLessThan(HANG_GUARD);
            }
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void afterTheLimitCasesNoThreadStaysBusyAndTheHeapHasNotGrown() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/hardening/order"), 0);
            warmUp(client, form);
            for (Case hostile : CASES) {
                hostile.send().apply(client, form); // warm up: classes loaded, buffers pooled, code compiled
            }
            long heapBefore = heapAfterGc();
            for (int round = 0; round < 5; round++) {
                for (Case hostile : CASES) {
                    assertThat(hostile.send().apply(client, form).status()).as(hostile.name()).isEqualTo(hostile.status());
                }
            }
            long growth = heapAfterGc() - heapBefore;
            assertThat(growth).as("heap growth after %d hostile requests, bytes", 5 * CASES.size()).isLessThan(10L * MIB);
            assertThat(cpuOfAllThreadsDuring(Duration.ofSeconds(1))).as("CPU used by all threads in the second after")
                    .isLessThan(Duration.ofMillis(250));
            assertThat(fixtures.created).isEmpty();
        });
    }

    /** Valid requests down each path first, so that class loading and the first compilation are not timed. */
    private void warmUp(TestClient client, ActionForm form) {
        for (int i = 0; i < 20; i++) {
            client.postJson("/hardening/orders", "{\"item\":\"a\",\"quantity\":1,\"tags\":[\"x\"]}");
            client.postForm("/hardening/orders", "item=a&quantity=1");
            client.postJson("/api/anything", "{\"value\":[[1]]}");
            form.submit(client, "/hardening/order", "item=a&quantity=1", "Sec-Fetch-Site", "same-origin");
        }
        fixtures.created.clear();
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // real time for the collector's concurrent work to settle before the heap is read
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * CPU time of every live thread over a quiet window: a request still spinning somewhere shows here. The JIT's
     * compiler threads are left out: they may still be compiling what the rounds ran, which is not our work.
     */
    private static Duration cpuOfAllThreadsDuring(Duration window) throws InterruptedException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null && !info.getThreadName().contains("CompilerThread"))
                .mapToLong(java.lang.management.ThreadInfo::getThreadId).toArray();
        long[] before = threads.getThreadCpuTime(ids);
        Thread.sleep(window.toMillis()); // real time: CPU spent while nothing is asked is what is measured
        long[] after = threads.getThreadCpuTime(ids);
        long used = 0;
        for (int i = 0; i < ids.length; i++) {
            if (before[i] >= 0 && after[i] >= 0) {
                used += after[i] - before[i];
            }
        }
        return Duration.ofNanos(used);
    }
}
