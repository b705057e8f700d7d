package io.sparkctr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.testing.SharedDatasets;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit path: Spark's own {@code SparkSubmit} (what {@code bin/spark-submit} runs) launches
 * the main class from an application jar in a separate JVM, as a user's job would.
 */
@Tag("cluster")
class SparkSubmitTest {
  @Test
  void sparkSubmitRunsTheMainClassFromTheApplicationJar(@TempDir Path dir) throws Exception {
    Path train = SharedDatasets.require("criteo_xlearn_ffm_demo/small_train.txt");
    Path jar = jarOf(Paths.get("target/classes"), dir.resolve("spark-ctr-app.jar"));
    Path out = dir.resolve("out");

    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Dio.netty")) {
        command.add(arg); // Spark's module flags, which surefire's argLine gave this JVM
      }
    }
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[1]",
        "--conf", "spark.ui.enabled=false", "--class", "io.sparkctr.cli.SparkCtr", jar.toString(),
        "train", "--train", train.toString(), "--format", "libffm", "--output", out.toString(),
        "--param", "maxIter=2"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("log.txt").toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    boolean finished = process.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("log.txt"));
    assertTrue(finished, "spark-submit did not finish in 180 s:\n" + log);
    assertEquals(0, process.exitValue(), log);
    assertTrue(log.contains("epoch 2/2") && log.contains("model: "), log);
    assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
    assertTrue(Files.isDirectory(out.resolve("model")));
  }

  /** A jar of the compiled classes with SparkCtr as its main class. */
  static Path jarOf(Path classes, Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.sparkctr.cli.SparkCtr");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> paths = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
