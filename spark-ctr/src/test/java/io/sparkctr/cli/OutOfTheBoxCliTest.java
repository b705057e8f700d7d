package io.sparkctr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.testing.SparkTestSession;
import io.sparkctr.testing.SparseData;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets with no --param: validation files, unseen test features, a big hashed FFM in 1 GB. */
@Tag("spark")
class OutOfTheBoxCliTest {
  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  /** Rows [from, to) of {@code data} as LibSVM lines, each with {@code extra} appended as one more feature. */
  private static Path libsvm(SparseData data, int from, int to, int extra, Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int r = from; r < to; r++) {
      StringBuilder line = new StringBuilder(data.labels.get(r) > 0 ? "1" : "0");
      for (int j : data.indices.get(r)) {
        line.append(' ').append(j + 1).append(":1");
      }
      if (extra >= 0) {
        line.append(' ').append(extra + 1).append(":1");
      }
      lines.add(line.toString());
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void aValidationFileStopsTrainingAndUnseenTestFeaturesAreCounted(@TempDir Path dir) throws Exception {
    SparseData data = new SparseData(17, 6000, 8, 40, false);
    Path train = libsvm(data, 0, 4000, -1, dir.resolve("train.txt"));
    Path validation = libsvm(data, 4000, 5000, -1, dir.resolve("validation.txt"));
    // Every test row has a feature beyond the training file's largest index (new users, new items).
    Path test = libsvm(data, 5000, 6000, data.numFeatures + 50, dir.resolve("test.txt"));
    Path out = dir.resolve("out");
    CliEndToEndTest.Run trained = CliEndToEndTest.run("train", "--train", train.toString(), "--validation",
        validation.toString(), "--test", test.toString(), "--format", "libsvm", "--output", out.toString());
    assertEquals(0, trained.code(), trained.err());
    assertTrue(trained.out().contains("validation AUC") && trained.out().contains(" *"), trained.out());
    Map<String, Object> m = CliEndToEndTest.metrics(out);
    assertEquals(1000, ((Number) m.get("rowsValidation")).intValue());
    assertEquals(4000, ((Number) m.get("rowsTrain")).intValue());
    assertTrue(((Number) m.get("validationAuc")).doubleValue() > 0.7, m.toString());
    int best = ((Number) m.get("bestEpoch")).intValue();
    int epochs = ((Number) m.get("epochs")).intValue();
    assertTrue(best >= 1 && best <= epochs && epochs <= ((Number) m.get("maxIter")).intValue(), m.toString());
    assertEquals(1000, ((Number) m.get("unseenFeatures")).intValue(), "one unseen feature per test row");
    assertTrue(((Number) m.get("auc")).doubleValue() > 0.7, m.toString());

    CliEndToEndTest.Run evaluated = CliEndToEndTest.run("evaluate", "--model", out.resolve("model").toString(),
        "--test", test.toString(), "--format", "libsvm", "--output", dir.resolve("eval.json").toString());
    assertEquals(0, evaluated.code(), evaluated.err());
    assertTrue(evaluated.out().contains("1000 feature entries unseen in training"), evaluated.out());
  }

  @Test
  void theDefaultFfmTrainsOnAHashedLibffmFileInAOneGigabyteHeap(@TempDir Path dir) throws Exception {
    // 8,000 Criteo-like rows hashed into 2^20 indices: about 37,000 distinct features over 39 fields.
    CliEndToEndTest.Run synth = CliEndToEndTest.run("synth", "--rows", "8000", "--test-rows", "2000", "--format",
        "libffm", "--output", dir.resolve("data").toString());
    assertEquals(0, synth.code(), synth.err());
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Dio.netty")) {
        command.add(arg); // Spark's module flags, which surefire's argLine gave this JVM
      }
    }
    Path out = dir.resolve("ffm");
    command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.sparkctr.cli.SparkCtr",
        "train", "--format", "libffm", "--model", "ffm", "--master", "local[2]",
        "--train", dir.resolve("data/train.libffm").toString(), "--test", dir.resolve("data/test.libffm").toString(),
        "--output", out.toString(), "--param", "maxIter=2"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("log.txt").toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    boolean finished = process.waitFor(300, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("log.txt"));
    assertTrue(finished, "training did not finish in 300 s:\n" + log);
    assertEquals(0, process.exitValue(), log);
    Map<String, Object> m = CliEndToEndTest.metrics(out);
    int rows = ((Number) m.get("modelRows")).intValue();
    assertTrue(rows > 20_000 && rows < 60_000, "model rows are the features seen: " + rows);
    assertTrue(((Number) m.get("numFeatures")).intValue() > 1_000_000, m.toString());
    assertTrue(((Number) m.get("auc")).doubleValue() > 0.65, m.toString());
  }
}
