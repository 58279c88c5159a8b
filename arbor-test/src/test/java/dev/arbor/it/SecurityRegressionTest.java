package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Regressions of incidents in other frameworks, as SECURITY.md checklist items 18 and 19 describe them. */
class SecurityRegressionTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void frameworkReservedLookingHeadersDoNotBypassAuthorization() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            assertThat(client.get("/api/session/me", "x-middleware-subrequest", "middleware:middleware:middleware").status())
                    .isEqualTo(401);
            assertThat(client.get("/api/session/admin", "X-Internal-Dispatch", "1").status()).isEqualTo(401);
        });
    }

    @Test
    void anActionRedirectNeverTakesItsHostFromTheRequest() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/counter"), 0);
            String body = form.body("");
            String request = "POST /counter HTTP/1.1\r\nHost: 169.254.169.254\r\nX-Forwarded-Host: 169.254.169.254\r\n"
                    + "Sec-Fetch-Site: same-origin\r\nCookie: " + form.cookie() + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                    + body;
            String answer;
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            assertThat(answer).startsWith("HTTP/1.1 303");
            assertThat(answer).containsIgnoringCase("\r\nLocation: /counter\r\n").doesNotContain("169.254.169.254");
            assertThat(fixtures.invocations.get()).isEqualTo(1);
        });
    }
}
