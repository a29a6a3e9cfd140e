package dev.dropscope.stack;

import dev.dropscope.stack.ComposeFile.Mount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A service's file system as compose would assemble it, under a temporary directory: each bind
 * mount copied to {@code root + target}, so that configuration files with absolute container paths
 * can be checked by real tools once those paths are prefixed with {@link #root()}.
 */
record ContainerLayout(Path root) {

  /** Copies every bind mount of {@code service} under {@code root}. */
  static ContainerLayout of(ComposeFile compose, String service, Path root) {
    for (Mount mount : compose.mounts(service)) {
      if (mount.isBind()) {
        copy(mount.hostPath(), root.resolve(mount.target().substring(1)));
      }
    }
    return new ContainerLayout(root);
  }

  /** The host path of an absolute container path. */
  Path path(String containerPath) {
    return root.resolve(containerPath.substring(1));
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> tree = Files.walk(from)) {
      for (Path source : tree.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }
}
