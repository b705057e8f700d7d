package io.sparkctr.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the real data samples in {@code shared/datasets} (never copied into the repository: Criteo's and
 * Avazu's terms forbid redistribution). Surefire runs in the module directory; locally and in CI the folder is at
 * {@code ../../shared/datasets} from there, so we walk up from the working directory looking for it and skip the
 * test (an assumption, not a failure) when it is absent.
 */
public final class SharedDatasets {
  private SharedDatasets() {}

  /** @return the {@code shared/datasets} directory, or null if no ancestor of the working directory has one */
  public static Path root() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      final Path candidate = dir.resolve("shared").resolve("datasets");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    return null;
  }

  /** @return the sample file, skipping the calling test if the datasets folder or the file is missing */
  public static Path require(String relative) {
    final Path root = root();
    Assumptions.assumeTrue(root != null, "shared/datasets not found above " + Paths.get("").toAbsolutePath());
    final Path file = root.resolve(relative);
    Assumptions.assumeTrue(Files.isRegularFile(file), "sample missing: " + file);
    return file;
  }
}
