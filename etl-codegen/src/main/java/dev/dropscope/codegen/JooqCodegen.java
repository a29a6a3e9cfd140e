package dev.dropscope.codegen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the ETL's jOOQ classes from its migrated schema, without Docker: starts an embedded
 * PostgreSQL, runs the Flyway migrations on it and points jOOQ's generator at the result.
 *
 * <p>Run by the etl module's build at {@code generate-sources}. It skips the work when the
 * migrations have not changed since the last run (a hash is kept beside the output).
 *
 * <pre>
 * JooqCodegen TARGET_DIR PACKAGE SCHEMA[,SCHEMA…] MIGRATION_DIR…
 * </pre>
 */
public final class JooqCodegen {
  private JooqCodegen() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: JooqCodegen TARGET_DIR PACKAGE SCHEMA[,SCHEMA...] MIGRATION_DIR...");
      System.exit(2);
    }
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Path target = Path.of(args[0]);
    String packageName = args[1];
    List<String> schemas = List.of(args[2].split(","));
    List<Path> migrations = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      Path dir = Path.of(args[i]);
      if (!Files.isDirectory(dir)) {
        throw new IOException("migration directory " + dir + " does not exist");
      }
      migrations.add(dir);
    }

    Path stamp = target.resolve(".migrations.sha256");
    String hash = hash(migrations, packageName, schemas);
    if (Files.exists(stamp) && Files.readString(stamp).equals(hash)) {
      System.out.println("jOOQ classes are up to date with the migrations; skipping generation");
      return;
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      Flyway.configure()
          .dataSource(url, "postgres", "postgres")
          .schemas(schemas.toArray(String[]::new))
          .locations(
              migrations.stream()
                  .map(d -> "filesystem:" + d.toAbsolutePath())
                  .toArray(String[]::new))
          .load()
          .migrate();
      GenerationTool.generate(configuration(url, target, packageName, schemas));
    }
    Files.writeString(stamp, hash);
  }

  private static Configuration configuration(
      String url, Path target, String packageName, List<String> schemas) {
    Database database =
        new Database()
            .withName("org.jooq.meta.postgres.PostgresDatabase")
            .withSchemata(
                schemas.stream().map(s -> new SchemaMappingType().withInputSchema(s)).toList())
            .withExcludes("flyway_schema_history");
    return new Configuration()
        .withJdbc(
            new Jdbc()
                .withDriver("org.postgresql.Driver")
                .withUrl(url)
                .withUser("postgres")
                .withPassword("postgres"))
        .withGenerator(
            new Generator()
                .withDatabase(database)
                .withGenerate(
                    new Generate()
                        .withRecords(true)
                        .withPojos(false)
                        .withGeneratedAnnotation(false))
                .withTarget(
                    new Target()
                        .withPackageName(packageName)
                        .withDirectory(target.toAbsolutePath().toString())
                        .withClean(true)));
  }

  /** A hash of every migration file's name and content, and of the generation settings. */
  private static String hash(List<Path> dirs, String packageName, List<String> schemas)
      throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update((packageName + "|" + schemas).getBytes(StandardCharsets.UTF_8));
    for (Path dir : dirs) {
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        digest.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(f));
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
