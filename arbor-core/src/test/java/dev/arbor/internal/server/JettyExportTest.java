package dev.arbor.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/** On the module path the framework needs one package of Jetty exported to it, and says so at start-up. */
class JettyExportTest {
    private static final Module ARBOR = HeaderDeadline.class.getModule();

    @Test
    void theseTestsRunInModuleDevArborWithJettysConnectionClassReadableAsTheFlagMakesIt() {
        assertThat(ARBOR.getName()).isEqualTo("dev.arbor");
        assertThat(HeaderDeadline.missingExport(Server.class.getModule(), ARBOR)).isNull();
    }

    @Test
    void aJvmWithoutTheExportIsToldTheFlagToStartWith() {
        // java.base stands for a Jetty module that exports nothing of the package to dev.arbor.
        assertThat(HeaderDeadline.missingExport(Object.class.getModule(), ARBOR))
                .endsWith("start the JVM with --add-exports org.eclipse.jetty.server/org.eclipse.jetty.server.internal=dev.arbor");
    }
}
