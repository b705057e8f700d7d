package io.sparkctr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the layering honest: kernels know nothing about Spark. */
class ArchitectureTest {
  private static final Path MAIN = Paths.get("src/main/java/io/sparkctr");

  @Test
  void onlyMlAndCliImportSpark() throws IOException {
    assertTrue(Files.isDirectory(MAIN), "run from the spark-ctr module: " + MAIN.toAbsolutePath());
    List<String> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> {
                String top = MAIN.relativize(p).getName(0).toString();
                return !top.equals("ml") && !top.equals("cli");
              })
              .filter(ArchitectureTest::importsSpark)
              .map(Path::toString)
              .collect(Collectors.toList());
    }
    assertEquals(List.of(), offenders, "only io.sparkctr.ml and io.sparkctr.cli may import org.apache.spark");
  }

  @Test
  void theCheckRecognisesASparkImport() {
    assertTrue(importsSpark("package x;\nimport org.apache.spark.sql.Dataset;\n"));
    assertTrue(!importsSpark("package x;\n// import org.apache.spark is mentioned in a comment\n"));
  }

  private static boolean importsSpark(Path file) {
    try {
      return importsSpark(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  private static boolean importsSpark(String source) {
    return source.lines().map(String::trim)
        .anyMatch(l -> l.startsWith("import org.apache.spark") || l.startsWith("import static org.apache.spark"));
  }

  /** Surefire's argLine and the scripts must carry the module flags of the Spark on the classpath. */
  @Test
  void jvmCarriesSparksModuleFlags() throws Exception {
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    String expected = (String) Class.forName("org.apache.spark.launcher.JavaModuleOptions")
        .getMethod("defaultModuleOptions").invoke(null);
    for (String flag : expected.split(" ")) {
      if (flag.startsWith("--add-opens") || flag.startsWith("--add-modules")) {
        assertTrue(args.contains(flag), "JVM lacks Spark's flag " + flag + " (update spark.jvm.flags in pom.xml)");
      }
    }
  }
}
