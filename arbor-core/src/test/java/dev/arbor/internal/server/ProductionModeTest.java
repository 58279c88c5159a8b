package dev.arbor.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProductionModeTest {
    @Test
    void arborEnvIsProductionOrDevelopmentAndAnythingElseIsRefused() {
        assertThat(AppAssembly.productionFromEnvironment("production")).isTrue();
        assertThat(AppAssembly.productionFromEnvironment("development")).isFalse();
        assertThat(AppAssembly.productionFromEnvironment(null)).isFalse();
        assertThat(AppAssembly.productionFromEnvironment("")).isFalse();
        for (String typo : new String[] {"prod", "Production", "staging"}) {
            assertThatThrownBy(() -> AppAssembly.productionFromEnvironment(typo))
                    .hasMessage("ARBOR_ENV must be 'production' or 'development' (or unset), was '" + typo + "'");
        }
    }
}
