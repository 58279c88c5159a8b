package dev.arbor.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md rule 0.3 and checklist item 14, proved on the compiled framework: nothing in {@code dev.arbor} (tests
 * excluded) can turn request bytes into an object graph of the sender's choosing. No Java serialization
 * ({@link ObjectInputStream}, {@code readObject}), and no Jackson polymorphic typing (default typing, type-id
 * annotations, a polymorphic type validator). Each rule is also run against a class that breaks it, so a rule
 * that silently matched nothing would fail here.
 */
class NoGenericDeserializationTest {
    private static final Set<String> DEFAULT_TYPING = Set.of("activateDefaultTyping", "activateDefaultTypingAsProperty",
            "enableDefaultTyping", "enableDefaultTypingAsProperty", "setDefaultTyping", "setPolymorphicTypeValidator",
            "polymorphicTypeValidator", "registerSubtypes");

    private static final ArchRule NO_JAVA_DESERIALIZATION = noClasses()
            .should().dependOnClassesThat().belongToAnyOf(ObjectInputStream.class, java.io.ObjectInput.class,
                    java.beans.XMLDecoder.class)
            .orShould().callMethodWhere(named(Set.of("readObject", "readUnshared")))
            .because("request data is bound into typed records only, never deserialized as Java objects");

    private static final ArchRule NO_POLYMORPHIC_JSON = noClasses()
            .should().callMethodWhere(named(DEFAULT_TYPING))
            .orShould().dependOnClassesThat().belongToAnyOf(JsonTypeInfo.class, JsonSubTypes.class,
                    com.fasterxml.jackson.annotation.JsonTypeName.class,
                    com.fasterxml.jackson.databind.ObjectMapper.DefaultTyping.class,
                    com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator.class,
                    com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator.class,
                    com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator.class)
            .because("a JSON body must never name the Java class it becomes (CVE-2017-7525 and its many successors)");

    private static DescribedPredicate<JavaCall<?>> named(Set<String> names) {
        return DescribedPredicate.describe("a method named one of " + names, call -> names.contains(call.getName()));
    }

    @Test
    void theFrameworkNeverDeserializesJavaObjects() {
        JavaClasses framework = framework();
        assertThat(framework.size()).as("classes imported from dev.arbor").isGreaterThan(50);
        NO_JAVA_DESERIALIZATION.check(framework);
    }

    @Test
    void theFrameworkNeverEnablesPolymorphicJsonTyping() {
        NO_POLYMORPHIC_JSON.check(framework());
    }

    @Test
    void bothRulesCatchACodebaseThatBreaksThem() {
        JavaClasses offender = new ClassFileImporter().importClasses(Offender.class, Offender.Polymorphic.class);
        assertThat(NO_JAVA_DESERIALIZATION.evaluate(offender).getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("ObjectInputStream"))
                .anySatisfy(line -> assertThat(line).contains("readObject"));
        assertThat(NO_POLYMORPHIC_JSON.evaluate(offender).getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("activateDefaultTyping"))
                .anySatisfy(line -> assertThat(line).contains("JsonTypeInfo"));
    }

    private static JavaClasses framework() {
        // The module's own compiled main classes: exactly the framework, nothing from the test sources or libraries.
        return new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    /** Everything the rules forbid, in one place; never called. */
    @SuppressWarnings("unused")
    static final class Offender {
        @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
        record Polymorphic(Object value) {}

        static Object read(ObjectInputStream in) throws IOException, ClassNotFoundException {
            return in.readObject();
        }

        static void typing(ObjectMapper mapper) {
            mapper.activateDefaultTyping(mapper.getPolymorphicTypeValidator());
        }
    }
}
