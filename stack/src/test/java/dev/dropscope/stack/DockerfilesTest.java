package dev.dropscope.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.config.DaemonConfig;
import dev.dropscope.exporter.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code exporter/Dockerfile} and {@code etl/Dockerfile}: built with the Maven wrapper on a pinned
 * JDK 21 image, run as a non-root user on a pinned JRE 21 image, with the module's port and a
 * healthcheck; and the {@code .dockerignore} that keeps build output and secrets out of the
 * context.
 */
class DockerfilesTest {
  private static final Pattern FROM =
      Pattern.compile("(?m)^FROM (eclipse-temurin):(\\S+)(?: AS (\\w+))?$");

  /** One Dockerfile's instructions, continuation lines joined. */
  record Dockerfile(Path file, List<String> instructions) {
    static Dockerfile of(String relative) {
      Path file = Repo.path(relative);
      String text = Repo.read(file).replaceAll("\\\\\\n\\s*", " ");
      return new Dockerfile(
          file,
          text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    }

    List<String> starting(String keyword) {
      return instructions.stream().filter(i -> i.startsWith(keyword + " ")).toList();
    }

    String text() {
      return String.join("\n", instructions);
    }
  }

  /** A module's image: its Dockerfile is {@code MODULE/Dockerfile}, its jar {@code /app/JAR}. */
  record Image(String module, String jar, int port, String healthPath) {}

  /** What holds for the image of every module; the nested classes below add their own. */
  abstract static class ModuleImage {
    private final Image image;

    ModuleImage(Image image) {
      this.image = image;
    }

    Dockerfile dockerfile() {
      return Dockerfile.of(image.module() + "/Dockerfile");
    }

    String module() {
      return image.module();
    }

    String jar() {
      return image.jar();
    }

    int port() {
      return image.port();
    }

    String healthPath() {
      return image.healthPath();
    }

    @Test
    void builds_with_the_maven_wrapper_on_a_pinned_jdk_21_and_runs_on_a_pinned_jre_21() {
      Matcher from = FROM.matcher(dockerfile().text());
      assertThat(from.find()).as("a build stage").isTrue();
      assertThat(from.group(2)).matches("21\\.\\d+\\.\\d+_\\d+-jdk-\\w+");
      assertThat(from.group(3)).isEqualTo("build");
      assertThat(from.find()).as("a runtime stage").isTrue();
      assertThat(from.group(2)).matches("21\\.\\d+\\.\\d+_\\d+-jre-\\w+");
      assertThat(from.find()).as("two stages only").isFalse();
      assertThat(dockerfile().starting("RUN"))
          .anyMatch(
              run ->
                  run.contains("./mvnw ")
                      && run.contains(" -pl " + module() + " -am package -DskipTests"));
    }

    @Test
    void copies_the_runnable_jar_from_the_build_stage() {
      assertThat(dockerfile().starting("COPY"))
          .contains("COPY --from=build /src/" + module() + "/target/" + jar() + " /app/" + jar());
    }

    @Test
    void runs_as_a_non_root_user() {
      List<String> users = dockerfile().starting("USER");
      assertThat(users).hasSize(1);
      assertThat(users.getFirst()).doesNotContain("root").doesNotMatch("USER 0(:.*)?");
      // the user switch comes after every RUN of the runtime stage
      List<String> instructions = dockerfile().instructions();
      int runtime = instructions.lastIndexOf(dockerfile().starting("FROM").getLast());
      int user = instructions.indexOf(users.getFirst());
      assertThat(user).isGreaterThan(runtime);
      assertThat(instructions.subList(user, instructions.size()))
          .noneMatch(i -> i.startsWith("RUN "));
    }

    @Test
    void exposes_its_port_and_checks_its_health_there() {
      assertThat(dockerfile().starting("EXPOSE")).containsExactly("EXPOSE " + port());
      assertThat(dockerfile().starting("HEALTHCHECK"))
          .singleElement()
          .asString()
          .endsWith("CMD [\"/app/healthcheck\", \"" + port() + "\", \"" + healthPath() + "\"]");
      assertThat(dockerfile().starting("COPY"))
          .contains("COPY --chmod=0755 compose/image/healthcheck.sh /app/healthcheck");
    }

    @Test
    void starts_the_jar() {
      assertThat(dockerfile().starting("ENTRYPOINT"))
          .singleElement()
          .asString()
          .contains("\"java\"")
          .endsWith("\"-jar\", \"/app/" + jar() + "\"]");
    }
  }

  @Nested
  class Exporter extends ModuleImage {
    Exporter() {
      super(
          new Image("exporter", "dropscope-exporter.jar", ServerConfig.DEFAULT_PORT, "/-/healthy"));
    }

    @Test
    void runs_with_the_lean_jvm_flags_of_jvm_options() {
      assertThat(dockerfile().starting("COPY"))
          .contains("COPY exporter/jvm.options /app/jvm.options");
      assertThat(dockerfile().starting("ENTRYPOINT").getFirst()).contains("\"@/app/jvm.options\"");
    }

    @Test
    void listens_on_every_interface_and_keeps_its_journal_in_a_volume_it_owns() {
      assertThat(dockerfile().starting("CMD"))
          .containsExactly("CMD [\"--host\", \"0.0.0.0\", \"--journal\", \"/data/journal\"]");
      assertThat(dockerfile().starting("VOLUME")).containsExactly("VOLUME [\"/data/journal\"]");
      assertThat(dockerfile().text()).contains("chown dropscope:dropscope /data/journal");
    }
  }

  @Nested
  class Etl extends ModuleImage {
    Etl() {
      super(
          new Image("etl", "dropscope-etl.jar", DaemonConfig.defaults().metricsPort(), "/metrics"));
    }

    @Test
    void runs_the_daemon_by_default() {
      assertThat(dockerfile().starting("CMD")).containsExactly("CMD [\"daemon\"]");
    }
  }

  @Nested
  class DockerIgnore {
    private final List<String> patterns =
        Repo.read(Repo.path(".dockerignore"))
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();

    @Test
    void keeps_build_output_git_local_state_and_secrets_out_of_the_build_context() {
      assertThat(patterns)
          .contains(
              "**/target",
              ".git",
              ".dropscope",
              "data",
              "compose/.env",
              "compose/alertmanager/secrets");
    }

    @Test
    void keeps_what_the_images_copy_in_the_build_context() {
      for (String copied :
          List.of(
              "exporter/jvm.options", "compose/image/healthcheck.sh", "mvnw", ".mvn", "pom.xml")) {
        assertThat(Repo.path(copied)).exists();
        assertThat(patterns)
            .as(copied)
            .noneMatch(p -> copied.equals(p) || copied.startsWith(p + "/"));
      }
    }
  }
}
