package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ParallelActionsTest {
    @Test
    void twoActionsFromOnePageRunAtTheSameTime() throws Exception {
        ArborTest.run(TestApp.builder(new Fixtures()), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/meet"), 0);
            // Each call waits at a two-party barrier inside the action: if the framework ran them one after the
            // other, each would time out alone and answer 422 "alone".
            var first = CompletableFuture.supplyAsync(() -> form.submit(client, "/meet", "", "Arbor-Enhanced", "1"));
            var second = CompletableFuture.supplyAsync(() -> form.submit(client, "/meet", "", "Arbor-Enhanced", "1"));
            assertThat(first.join().status()).isEqualTo(200);
            assertThat(second.join().status()).isEqualTo(200);
            assertThat(first.join().body()).contains("met");
        });
    }
}
