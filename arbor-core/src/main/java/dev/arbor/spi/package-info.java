/**
 * For generated code; apps do not call this.
 *
 * <p>The annotation processor ({@code arbor-processor}) writes each app's route table and action registry as
 * source that builds these types: a {@link dev.arbor.spi.RouteDefinition} per {@code @Route} or {@code @Page}
 * class, an {@link dev.arbor.spi.ActionDefinition} per {@code @Action}, the {@link dev.arbor.spi.Access} policy
 * each declared, and each action's {@link dev.arbor.ActionRef} through {@link dev.arbor.spi.ActionRefs}. An app
 * hands the generated lists ({@code ShopApp_.ROUTES}, {@code ShopApp_.ACTIONS}) to
 * {@link dev.arbor.Arbor.Builder#routes(java.util.Collection)} and
 * {@link dev.arbor.Arbor.Builder#actions(java.util.Collection)} without naming these types; what app authors
 * write against is {@link dev.arbor}. Like jte's generated templates calling {@code gg.jte.runtime}, the
 * generated code and the framework change together, so this package promises nothing to hand-written code.
 */
package dev.arbor.spi;
