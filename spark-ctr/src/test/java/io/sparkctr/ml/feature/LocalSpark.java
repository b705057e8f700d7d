package io.sparkctr.ml.feature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/** Test helpers: a small local SparkSession and the shared datasets folder. */
final class LocalSpark {
  private LocalSpark() {}

  /** local[2], 2 shuffle partitions, no UI: one per test class (@BeforeAll / @AfterAll). */
  static SparkSession start(String appName) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(appName)
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  /**
   * The project's shared datasets folder, found by walking up from the working directory (surefire
   * runs in the module directory; {@code shared/} lies beside the repository root), or null.
   */
  static Path sharedDatasets() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      final Path candidate = dir.resolve("shared").resolve("datasets");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** The message chain of an exception, so assertions see through Spark's wrapping. */
  static String messages(Throwable t) {
    final StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
