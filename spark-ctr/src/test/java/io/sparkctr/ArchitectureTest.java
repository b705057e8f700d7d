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

  /** Stage names say what they are: the factorization machines share the optimizers' params, not LR's. */
  @Test
  void factorizationMachinesDoNotCarryLogisticRegressionsParams() {
    for (Class<?> stage : List.of(io.sparkctr.ml.classification.FactorizationMachineClassifier.class,
        io.sparkctr.ml.classification.FieldAwareFMClassifier.class,
        io.sparkctr.ml.classification.FactorizationMachineClassificationModel.class)) {
      assertTrue(io.sparkctr.ml.classification.SparseOnlineParams.class.isAssignableFrom(stage), stage.getName());
      assertTrue(!io.sparkctr.ml.classification.FtrlLogisticRegressionParams.class.isAssignableFrom(stage),
          stage.getName() + " implements FtrlLogisticRegressionParams");
    }
  }

  /**
   * The benchmarks ship in their own "bench" jar, not in the library and application jar: the jar plugin leaves
   * them out, and no other class may use them (the application jar would fail without them).
   */
  @Test
  void benchmarkCodeStaysOutOfTheLibraryJar() throws IOException {
    String pom = Files.readString(Paths.get("pom.xml"));
    assertTrue(pom.contains("<exclude>io/sparkctr/cli/bench/**</exclude>") && pom.contains("<classifier>bench</classifier>"),
        "spark-ctr/pom.xml: the jar plugin excludes io/sparkctr/cli/bench and builds the bench jar");
    Path bench = MAIN.resolve("cli/bench");
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<Path> users = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(bench))
          .filter(f -> {
            try {
              return Files.readString(f).contains("io.sparkctr.cli.bench");
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).collect(Collectors.toList());
      assertTrue(users.isEmpty(), "classes outside cli/bench that use the benchmarks: " + users);
    }
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

  private static final Path TESTS = Paths.get("src/test/java/io/sparkctr");

  /**
   * The fast inner loop ({@code -DexcludedGroups=spark,cluster,bench}, README) must not start Spark: every
   * test class that starts a session or the CLI carries one of those tags.
   */
  @Test
  void testsThatStartSparkAreTagged() throws IOException {
    List<String> untagged;
    try (Stream<Path> files = Files.walk(TESTS)) {
      untagged = files
          .filter(p -> p.toString().endsWith("Test.java") && !p.endsWith("ArchitectureTest.java"))
          .filter(p -> {
            String source = read(p);
            boolean startsSpark = source.contains("SparkTestSession.get()") || source.contains("CliEndToEndTest.run(")
                || source.contains("SparkSession.builder()") || source.contains("ProcessBuilder")
                || source.contains("import org.apache.spark.sql.");
            boolean tagged = source.contains("@Tag(\"spark\")") || source.contains("@Tag(\"cluster\")")
                || source.contains("@Tag(\"bench\")");
            return startsSpark && !tagged;
          })
          .map(Path::toString)
          .collect(Collectors.toList());
    }
    assertEquals(List.of(), untagged, "tag these @Tag(\"spark\") (or cluster, bench): they start Spark");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
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
