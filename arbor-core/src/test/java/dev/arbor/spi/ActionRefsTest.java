package dev.arbor.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.ActionRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Action references come from generated code through the SPI; the user-facing type offers no way to make one. */
class ActionRefsTest {
    @Test
    void theFactoryMakesAReferenceWaitingForItsBoundValues() {
        ActionRef ref = ActionRefs.of("shop.PostActions#delete(long,dev.arbor.ActionContext)", List.of(long.class));

        assertThat(ref.key()).isEqualTo("shop.PostActions#delete(long,dev.arbor.ActionContext)");
        assertThat(ref.boundTypes()).containsExactly(long.class);
        assertThat(ref.isComplete()).isFalse();
        ActionRef bound = ref.bind(7L);
        assertThat(bound.isComplete()).isTrue();
        assertThat(bound.boundValues()).containsExactly(7L);
        assertThat(ref.boundValues()).as("the generated constant is left as it was").isEmpty();
        assertThatThrownBy(() -> ref.bind("seven")).hasMessageContaining("bound value 0 must be a long");
    }

    @Test
    void anActionRefHasNoPublicConstructor() {
        assertThat(ActionRef.class.getConstructors()).isEmpty();
    }
}
