package dev.dropscope.etl.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The embedded PostgreSQL a command under test runs on its data directory, queried while that
 * command runs, e.g. to kill it once it has loaded so far. Found by its {@code postmaster.pid} and
 * the superuser password file beside it.
 */
public final class RunningServer {
  private RunningServer() {}

  /**
   * The first column of the first row {@code sql} returns; 0 while no server answers on {@code
   * dataDir} (starting or gone) or the query fails (the schema not migrated yet).
   */
  public static long queryLong(Path dataDir, String sql) {
    try {
      Path pid = dataDir.resolve("postmaster.pid");
      Path password = dataDir.resolve(EmbeddedServer.PASSWORD_FILE);
      if (!Files.exists(pid) || !Files.exists(password)) {
        return 0;
      }
      List<String> lines = Files.readAllLines(pid);
      if (lines.size() < 4) {
        return 0; // being written or removed
      }
      String url = "jdbc:postgresql://localhost:" + lines.get(3).strip() + "/postgres";
      try (Connection c = DriverManager.getConnection(url, "postgres", Files.readString(password));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (IOException | SQLException e) {
      return 0;
    }
  }
}
