package shop.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path data;

    @Test
    void theSchemaVersionIsTheNewestMigration() throws Exception {
        Pattern version = Pattern.compile("V(\\d+)__.*");
        int newest;
        try (Stream<Path> files = Stream.concat(
                Files.list(Path.of(Database.class.getResource("/db/migration").toURI())),
                Stream.of(Path.of(V3__SeedProducts.class.getSimpleName())))) {
            newest = files.map(p -> version.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertThat(Database.SCHEMA_VERSION).isEqualTo(String.valueOf(newest));
    }

    @Test
    void aCurrentSchemaOpensWithoutFlywayAndOneThatIsBehindGoesThroughIt() {
        try (Database fresh = Database.open(null, null, null, data)) {
            assertThat(new Products(fresh.jdbi()).page(1, 5).items()).isNotEmpty();
            // A checksum Flyway would refuse: only noticed when Flyway runs.
            fresh.jdbi().useHandle(h -> h.execute("UPDATE \"flyway_schema_history\" SET \"checksum\" = 1 WHERE \"version\" = '1'"));
        }
        try (Database current = Database.open(null, null, null, data)) {
            assertThat(new Products(current.jdbi()).page(1, 5).items()).isNotEmpty();
            current.jdbi().useHandle(h -> h.execute(
                    "UPDATE \"flyway_schema_history\" SET \"version\" = '5' WHERE \"version\" = '" + Database.SCHEMA_VERSION + "'"));
        }
        assertThatThrownBy(() -> Database.open(null, null, null, data).close())
                .hasMessageContaining("checksum");
    }
}
