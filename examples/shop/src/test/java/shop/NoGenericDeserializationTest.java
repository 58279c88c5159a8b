package shop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shop keeps to SECURITY.md rule 0.3 as the framework does (arbor-core's NoGenericDeserializationTest, whose
 * rules are shown there to catch an offender): no Java deserialization and no polymorphic Jackson typing in its
 * compiled classes.
 */
class NoGenericDeserializationTest {
    private static final Set<String> FORBIDDEN_CALLS = Set.of("readObject", "readUnshared", "activateDefaultTyping",
            "activateDefaultTypingAsProperty", "enableDefaultTyping", "enableDefaultTypingAsProperty", "setDefaultTyping",
            "setPolymorphicTypeValidator", "polymorphicTypeValidator", "registerSubtypes");

    @Test
    void theShopNeverDeserializesJavaObjectsNorEnablesPolymorphicJson() {
        JavaClasses shop = new ClassFileImporter().importPath(Path.of("target/classes"));
        assertThat(shop.size()).as("classes imported from the shop").isGreaterThan(20);
        noClasses()
                .should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.beans.XMLDecoder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.annotation.JsonTypeInfo")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.annotation.JsonSubTypes")
                .orShould().callMethodWhere(DescribedPredicate.describe("a method named one of " + FORBIDDEN_CALLS,
                        (JavaCall<?> call) -> FORBIDDEN_CALLS.contains(call.getName())))
                .check(shop);
    }
}
