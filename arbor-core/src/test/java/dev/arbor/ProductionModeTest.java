package dev.arbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProductionModeTest {
    @Test
    void arborEnvIsProductionOrDevelopmentAndAnythingElseIsRefused() {
        assertThat(Arbor.productionFromEnvironment("production")).isTrue();
        assertThat(Arbor.productionFromEnvironment("development")).isFalse();
        assertThat(Arbor.productionFromEnvironment(null)).isFalse();
        assertThat(Arbor.productionFromEnvironment("")).isFalse();
        for (String typo : new String[] {"prod", "Production", "staging"}) {
            assertThatThrownBy(() -> Arbor.productionFromEnvironment(typo))
                    .hasMessage("ARBOR_ENV must be 'production' or 'development' (or unset), was '" + typo + "'");
        }
    }
}
