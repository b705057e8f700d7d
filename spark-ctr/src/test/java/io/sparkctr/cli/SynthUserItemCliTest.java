package io.sparkctr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.data.LibFfmParser;
import io.sparkctr.data.SparseRecord;
import io.sparkctr.synth.SyntheticCriteo;
import io.sparkctr.synth.SyntheticUserItem;
import io.sparkctr.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code synth --planted useritem} and {@code --label-rate} through the CLI, in process. */
@Tag("spark")
class SynthUserItemCliTest {
  @BeforeAll
  static void session() {
    SparkTestSession.get(); // the commands' getOrCreate() then reuses the suite's session
  }

  /** Exit code, stdout and stderr of one command line (as in CliEndToEndTest). */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = SparkCtr.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> sidecar(Path dir) throws Exception {
    return new ObjectMapper().readValue(dir.resolve(SynthCommand.SIDECAR).toFile(), Map.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void userItemLibFfmFilesAndSidecar(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("ui");
    Run written = run("synth", "--planted", "useritem", "--format", "libffm", "--rows", "2000", "--test-rows", "500",
        "--output", out.toString());
    assertEquals(0, written.code(), written.err());
    List<String> train = Files.readAllLines(out.resolve("train.libffm"));
    List<String> test = Files.readAllLines(out.resolve("test.libffm"));
    assertEquals(2000, train.size());
    assertEquals(500, test.size());

    // The files are the engine's rows: a stream of rows + test rows, test rows after the training rows.
    SyntheticUserItem generator = SyntheticUserItem.builder(42).streamRows(2500).build();
    StringWriter local = new StringWriter();
    SyntheticCriteo.Summary trainSummary = generator.write(0, 2000, true, local);
    assertEquals(String.join("\n", train) + "\n", local.toString());
    StringBuilder firstTest = new StringBuilder();
    generator.writeLibFfmRow(2000, firstTest);
    assertEquals(firstTest.toString(), test.get(0));
    LibFfmParser parser = new LibFfmParser("test.libffm");
    SparseRecord record = new SparseRecord();
    for (int i = 0; i < test.size(); i++) {
      parser.parse(test.get(i), i + 1, record);
      assertEquals(SyntheticUserItem.NUM_FIELDS, record.nnz);
      assertTrue(record.indices[record.nnz - 1] < generator.numFeatures());
    }

    Map<String, Object> sidecar = sidecar(out);
    assertEquals(2706, ((Number) sidecar.get("numFeatures")).intValue());
    assertEquals(2500, ((Number) sidecar.get("streamRows")).intValue());
    Map<String, Object> trainEntry = (Map<String, Object>) sidecar.get("train.libffm");
    assertEquals(2000, ((Number) trainEntry.get("rows")).intValue());
    assertEquals(trainSummary.positives(), ((Number) trainEntry.get("positives")).longValue());
    assertEquals(trainSummary.plantedAuc(), ((Number) trainEntry.get("plantedAuc")).doubleValue(), 1e-12);
    assertEquals(trainSummary.plantedLogLoss(), ((Number) trainEntry.get("plantedLogLoss")).doubleValue(), 1e-12);
    double labelRate = ((Number) trainEntry.get("labelRate")).doubleValue();
    assertEquals(SyntheticUserItem.DEFAULT_LABEL_RATE, labelRate, 0.05);
    Map<String, Object> testEntry = (Map<String, Object>) sidecar.get("test.libffm");
    assertEquals(500, ((Number) testEntry.get("rows")).intValue());
    assertTrue(((Number) testEntry.get("plantedAuc")).doubleValue() > 0.7);
    long[] unseen = generator.unseenCounts(0, 2000, 2000, 2500);
    assertEquals((double) unseen[3] / 500, ((Number) testEntry.get("unseenUserOrItemShare")).doubleValue(), 1e-12);
    assertEquals((double) unseen[1] / 500, ((Number) testEntry.get("unseenUserShare")).doubleValue(), 1e-12);
    assertTrue(unseen[3] > 0);
    assertEquals(trainSummary.plantedAuc(), Jobs.plantedAuc(out.resolve("train.libffm").toString()), 1e-12,
        "train finds the ceiling");
    assertFalse(((String) sidecar.get("command")).contains("--num-bits"), "no hashing for useritem");
  }

  @Test
  @SuppressWarnings("unchecked")
  void labelRateOptionAndUserItemFormatErrors(@TempDir Path dir) throws Exception {
    Run criteo = run("synth", "--planted", "useritem", "--format", "criteo", "--rows", "100", "--output",
        dir.resolve("bad").toString());
    assertEquals(1, criteo.code());
    assertTrue(criteo.err().contains("--format MUST be libffm or libsvm with --planted useritem"), criteo.err());
    assertTrue(criteo.err().contains("but got 'criteo'"), criteo.err());
    Run avazu = run("synth", "--planted", "useritem", "--format", "avazu", "--rows", "100", "--output",
        dir.resolve("bad").toString());
    assertEquals(1, avazu.code());
    Run rate = run("synth", "--rows", "100", "--label-rate", "1.5", "--output", dir.resolve("bad").toString());
    assertEquals(1, rate.code());
    assertTrue(rate.err().contains("--label-rate MUST be in (0, 1), but got 1.5"), rate.err());
    assertFalse(Files.exists(dir.resolve("bad")), "nothing written on a usage error");

    // --label-rate reaches the Criteo-like generator; useritem defaults to libffm and takes libsvm too.
    Run low = run("synth", "--rows", "3000", "--label-rate", "0.03", "--output", dir.resolve("low").toString());
    assertEquals(0, low.code(), low.err());
    Map<String, Object> entry = (Map<String, Object>) sidecar(dir.resolve("low")).get("train.tsv");
    assertEquals(0.03, ((Number) entry.get("labelRate")).doubleValue(), 0.015);
    assertTrue(((String) sidecar(dir.resolve("low")).get("command")).endsWith("--label-rate 0.03"));
    Run svm = run("synth", "--planted", "useritem", "--rows", "1000", "--label-rate", "0.2", "--format", "libsvm",
        "--output", dir.resolve("svm").toString());
    assertEquals(0, svm.code(), svm.err());
    entry = (Map<String, Object>) sidecar(dir.resolve("svm")).get("train.libsvm");
    assertEquals(0.2, ((Number) entry.get("labelRate")).doubleValue(), 0.05);
    StringBuilder first = new StringBuilder();
    SyntheticUserItem.builder(42).streamRows(1000).labelRate(0.2).build().writeLibSvmRow(0, first);
    assertEquals(first.toString(), Files.readAllLines(dir.resolve("svm").resolve("train.libsvm")).get(0));
  }
}
