package dev.arbor.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable<String> table = new RouteTable<>();

    @Test
    void aLiteralSegmentBeatsAParameter() {
        table.add("/items/{id}", "item");
        table.add("/items/new", "new-item");

        assertThat(table.match("/items/new").value()).isEqualTo("new-item");
        assertThat(table.match("/items/42").value()).isEqualTo("item");
    }

    @Test
    void aLiteralSegmentBeatsAParameterWhicheverIsAddedFirst() {
        table.add("/items/new", "new-item");
        table.add("/items/{id}", "item");

        assertThat(table.match("/items/new").value()).isEqualTo("new-item");
    }

    @Test
    void aParameterBeatsACatchAll() {
        table.add("/files/{rest...}", "files");
        table.add("/files/{name}", "file");

        assertThat(table.match("/files/a.txt").value()).isEqualTo("file");
        assertThat(table.match("/files/docs/a.txt").value()).isEqualTo("files");
    }

    @Test
    void aLiteralThatFailsDeeperDownBacktracksToTheParameter() {
        table.add("/a/{x}/c", "param");
        table.add("/a/b/d", "literal");

        RouteTable.Match<String> match = table.match("/a/b/c");

        assertThat(match.value()).isEqualTo("param");
        assertThat(match.param("x")).isEqualTo("b");
    }

    @Test
    void aParameterThatFailsDeeperDownBacktracksToTheCatchAll() {
        table.add("/a/{x}/c", "param");
        table.add("/a/{rest...}", "catch-all");

        RouteTable.Match<String> match = table.match("/a/b/d");

        assertThat(match.value()).isEqualTo("catch-all");
        assertThat(match.param("rest")).isEqualTo("b/d");
    }

    @Test
    void aCatchAllNeedsAtLeastOneSegment() {
        table.add("/docs/{path...}", "docs");

        assertThat(table.match("/docs")).isNull();
        assertThat(table.match("/docs/intro").param("path")).isEqualTo("intro");
    }

    @Test
    void aCatchAllAtTheRootDoesNotMatchTheRoot() {
        table.add("/{path...}", "everything");

        assertThat(table.match("/")).isNull();
        assertThat(table.match("/x").param("path")).isEqualTo("x");
    }

    @Test
    void aCatchAllJoinsTheRemainingSegmentsAndDecodesEachOne() {
        table.add("/files/{path...}", "files");

        assertThat(table.match("/files/docs/a%20b/c.txt").param("path")).isEqualTo("docs/a b/c.txt");
    }

    @Test
    void aCatchAllKeepsTheParametersBeforeIt() {
        table.add("/repos/{owner}/{path...}", "repo");

        RouteTable.Match<String> match = table.match("/repos/ada/src/main");

        assertThat(match.names()).containsExactly("owner", "path");
        assertThat(match.values()).containsExactly("ada", "src/main");
    }

    @Test
    void aParameterIsPercentDecodedAsUtf8() {
        table.add("/users/{name}", "user");

        assertThat(table.match("/users/J%C3%BCrgen%20M").param("name")).isEqualTo("Jürgen M");
    }

    @Test
    void aPlusInAParameterStaysAPlus() {
        table.add("/tags/{tag}", "tag");

        assertThat(table.match("/tags/c++").param("tag")).isEqualTo("c++");
        assertThat(table.match("/tags/c++%20x").param("tag")).isEqualTo("c++ x");
    }

    @Test
    void aPlusInACatchAllStaysAPlus() {
        table.add("/files/{path...}", "files");

        assertThat(table.match("/files/a+b/c%2Bd").param("path")).isEqualTo("a+b/c+d");
    }

    @Test
    void anEmptySegmentDoesNotFillAParameter() {
        table.add("/a/{x}/c", "param");

        assertThat(table.match("/a//c")).isNull();
    }

    @Test
    void theRootPatternMatchesTheRootPath() {
        table.add("/", "home");

        RouteTable.Match<String> match = table.match("/");

        assertThat(match.value()).isEqualTo("home");
        assertThat(match.pattern()).isEqualTo("/");
        assertThat(match.values()).isEmpty();
    }

    @Test
    void theRootPatternMatchesNothingElse() {
        table.add("/", "home");

        assertThat(table.match("/home")).isNull();
    }

    @Test
    void aPathWithoutAPatternHasNoMatch() {
        table.add("/items/{id}", "item");

        assertThat(table.match("/orders/1")).isNull();
        assertThat(table.match("/items")).isNull();
        assertThat(table.match("/items/1/edit")).isNull();
    }

    @Test
    void anEmptyTableMatchesNothing() {
        assertThat(table.match("/")).isNull();
        assertThat(table.match("/anything")).isNull();
    }

    @Test
    void aMatchCarriesItsPatternAndParametersInPatternOrder() {
        table.add("/users/{user}/posts/{post}", "post");

        RouteTable.Match<String> match = table.match("/users/7/posts/42");

        assertThat(match.pattern()).isEqualTo("/users/{user}/posts/{post}");
        assertThat(match.names()).containsExactly("user", "post");
        assertThat(match.values()).containsExactly("7", "42");
        assertThat(match.param("post")).isEqualTo("42");
    }

    @Test
    void twoParameterPatternsOfTheSameShapeAreRefusedWhenAdded() {
        table.add("/a/{id}", "by-id");

        assertThatThrownBy(() -> table.add("/a/{slug}", "by-slug"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/a/{slug}")
                .hasMessageContaining("/a/{id}");
        assertThat(table.match("/a/1").value()).isEqualTo("by-id");
    }

    @Test
    void twoCatchAllsAtTheSamePlaceAreRefusedWhenAdded() {
        table.add("/a/{rest...}", "first");

        assertThatThrownBy(() -> table.add("/a/{path...}", "second"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same shape");
        assertThat(table.match("/a/b/c").value()).isEqualTo("first");
    }

    @Test
    void theSameLiteralPatternTwiceIsRefusedWhenAdded() {
        table.add("/about", "first");

        assertThatThrownBy(() -> table.add("/about", "second")).isInstanceOf(IllegalStateException.class);
        assertThat(table.match("/about").value()).isEqualTo("first");
    }

    @Test
    void askingAMatchForAnUnknownParameterFails() {
        table.add("/items/{id}", "item");
        RouteTable.Match<String> match = table.match("/items/1");

        assertThatThrownBy(() -> match.param("slug"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/items/{id}")
                .hasMessageContaining("'slug'");
    }

    @Test
    void aTableOfTwoHundredRoutesMatchesEachPathToItsOwnRoute() {
        for (int i = 0; i < 50; i++) {
            table.add("/r" + i, "list-" + i);
            table.add("/r" + i + "/{id}", "item-" + i);
            table.add("/r" + i + "/{id}/edit", "edit-" + i);
            table.add("/r" + i + "/files/{path...}", "files-" + i);
        }

        for (int i = 0; i < 50; i++) {
            assertThat(table.match("/r" + i).value()).isEqualTo("list-" + i);
            RouteTable.Match<String> item = table.match("/r" + i + "/x" + i);
            assertThat(item.value()).isEqualTo("item-" + i);
            assertThat(item.param("id")).isEqualTo("x" + i);
            assertThat(table.match("/r" + i + "/" + i + "/edit").param("id")).isEqualTo(String.valueOf(i));
            assertThat(table.match("/r" + i + "/files/a/" + i).param("path")).isEqualTo("a/" + i);
            // "files" alone is an item id: the parameter wins over the catch-all's missing segment
            assertThat(table.match("/r" + i + "/files").value()).isEqualTo("item-" + i);
        }
        assertThat(table.match("/r50")).isNull();
        assertThat(table.match("/r1/2/delete")).isNull();
    }

    @Test
    void aMappedTableMatchesEveryPathAsTheOriginalDoesWithEachValueConvertedOnce() {
        table.add("/", "home");
        table.add("/items", "items");
        table.add("/items/{id}", "item");
        table.add("/items/new", "new-item");
        table.add("/files/{rest...}", "files");
        table.add("/a/{x}/c", "param");
        table.add("/a/b/d", "literal");
        java.util.List<String> converted = new java.util.ArrayList<>();
        RouteTable<String> mapped = table.map(value -> {
            converted.add(value);
            return value.toUpperCase(java.util.Locale.ROOT);
        });

        assertThat(converted).containsExactlyInAnyOrder("home", "items", "item", "new-item", "files", "param", "literal");
        for (String path : java.util.List.of("/", "/items", "/items/42", "/items/new", "/files/docs/a.txt", "/a/b/c", "/a/b/d",
                "/nothing", "/items/42/more")) {
            RouteTable.Match<String> before = table.match(path);
            RouteTable.Match<String> after = mapped.match(path);
            if (before == null) {
                assertThat(after).as(path).isNull();
                continue;
            }
            assertThat(after.value()).as(path).isEqualTo(before.value().toUpperCase(java.util.Locale.ROOT));
            assertThat(after.pattern()).as(path).isEqualTo(before.pattern());
            assertThat(after.values()).as(path).containsExactly(before.values());
        }
        assertThat(mapped.match("/items/42").param("id")).isEqualTo("42");
        assertThat(table.match("/items/42").value()).as("the original is unchanged").isEqualTo("item");
    }
}
