package io.sparkctr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.testing.SharedDatasets;
import io.sparkctr.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's path: the CLI end to end on the real samples in shared/datasets. */
@Tag("spark")
class CliEndToEndTest {
  @BeforeAll
  static void session() {
    SparkTestSession.get(); // the commands' getOrCreate() then reuses the suite's session
  }

  /** Exit code, stdout and stderr of one command line. */
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

  /** Lines [from, to) of a sample (plus its header line when it has one) into a temp file. */
  static Path slice(Path source, boolean header, int from, int to, Path target) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    int offset = header ? 1 : 0;
    if (header) {
      out.add(lines.get(0));
    }
    out.addAll(lines.subList(from + offset, Math.min(to + offset, lines.size())));
    Files.write(target, out, StandardCharsets.UTF_8);
    return target;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> metrics(Path dir) throws IOException {
    return new ObjectMapper().readValue(dir.resolve("metrics.json").toFile(), Map.class);
  }

  @Test
  void trainEvaluatePredictAndCountOnTheCriteoSample(@TempDir Path dir) throws Exception {
    Path sample = SharedDatasets.require("criteo_kaggle_head10000/train.txt");
    Path train = slice(sample, false, 0, 8000, dir.resolve("train.tsv"));
    Path test = slice(sample, false, 8000, 10000, dir.resolve("test.tsv"));
    Path out = dir.resolve("out");

    Run trained = run("train", "--train", train.toString(), "--test", test.toString(), "--format", "criteo",
        "--model", "lr", "--optimizer", "ftrl", "--output", out.toString(),
        "--param", "encoding=vocab", "--param", "minCount=10", "--param", "maxIter=2", "--param", "l1=1.0");
    assertEquals(0, trained.code(), trained.err());
    assertTrue(trained.out().contains("epoch 1/2") && trained.out().contains("epoch 2/2"), trained.out());
    assertTrue(trained.out().contains("test AUC"), trained.out());
    Map<String, Object> m = metrics(out);
    assertEquals(8000, ((Number) m.get("rowsTrain")).intValue());
    assertEquals(2000, ((Number) m.get("rowsTest")).intValue());
    assertEquals(0, ((Number) m.get("rowsSkipped")).intValue());
    assertEquals(2, ((Number) m.get("epochs")).intValue());
    double auc = ((Number) m.get("auc")).doubleValue();
    assertTrue(auc > 0.70 && auc < 0.80, "test AUC on the Criteo split: " + auc);
    int nonzeros = ((Number) m.get("nonzeroWeights")).intValue();
    assertTrue(nonzeros > 0, "nonzeros " + nonzeros);
    for (String key : List.of("logLoss", "trainSeconds")) {
      assertTrue(m.get(key) instanceof Number, key);
    }

    Run evaluated = run("evaluate", "--model", out.resolve("model").toString(), "--test", test.toString(),
        "--format", "criteo", "--output", dir.resolve("eval.json").toString());
    assertEquals(0, evaluated.code(), evaluated.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> e = new ObjectMapper().readValue(dir.resolve("eval.json").toFile(), Map.class);
    assertEquals(auc, ((Number) e.get("auc")).doubleValue(), 1e-12, "evaluate reproduces train's test AUC");

    Path predictions = dir.resolve("predictions");
    Run predicted = run("predict", "--model", out.resolve("model").toString(), "--input", test.toString(),
        "--format", "criteo", "--output", predictions.toString());
    assertEquals(0, predicted.code(), predicted.err());
    double[] written = readPredictions(predictions);
    assertEquals(2000, written.length);
    // Same probabilities, in input order, as the saved PipelineModel gives on the same rows.
    List<Row> expected = PipelineModel.load(out.resolve("model").toString())
        .transform(io.sparkctr.ml.io.CtrDataReader.read(SparkTestSession.get(), test.toString(),
            io.sparkctr.data.InputFormat.CRITEO, "error", 0).rows())
        .select("probability").collectAsList();
    double[] direct = expected.stream().mapToDouble(r -> ((Vector) r.get(0)).apply(1)).toArray();
    assertArrayEquals(direct, written, 1e-15);

    // export writes the file whose size metrics.json reports; serving from it gives predict's numbers.
    Path exported = dir.resolve("model.sctx");
    Run export = run("export", "--model", out.resolve("model").toString(), "--output", exported.toString());
    assertEquals(0, export.code(), export.err());
    assertEquals(Files.size(exported), ((Number) m.get("modelBytes")).longValue());
    io.sparkctr.serving.ServingModel served;
    try (java.io.InputStream in = Files.newInputStream(exported)) {
      served = io.sparkctr.serving.ServingModelCodec.read(in);
    }
    io.sparkctr.serving.ServingModel.Scorer scorer = served.scorer();
    List<String> testLines = Files.readAllLines(test);
    for (int r = 0; r < testLines.size(); r++) {
      String[] cells = testLines.get(r).split("\t", -1);
      assertEquals(written[r], scorer.probability(java.util.Arrays.copyOfRange(cells, 1, cells.length)), 1e-12,
          "row " + r);
    }

    Run counted = run("count", "--input", train.toString(), "--format", "criteo",
        "--output", dir.resolve("counts").toString());
    assertEquals(0, counted.code(), counted.err());
    assertTrue(counted.out().contains("over 8000 rows"), counted.out());

    // The stored counts feed the min-count vocabulary: the same feature space as counting in fit.
    Path fromCounts = dir.resolve("fromCounts");
    Run fed = run("train", "--train", train.toString(), "--format", "criteo", "--output", fromCounts.toString(),
        "--param", "encoding=vocab", "--param", "minCount=10", "--param", "maxIter=1",
        "--param", "countsPath=" + dir.resolve("counts"));
    assertEquals(0, fed.code(), fed.err());
    assertEquals(((Number) m.get("numFeatures")).intValue(), ((Number) metrics(fromCounts).get("numFeatures")).intValue());
  }

  @Test
  void fmAndFfmTrainPredictExportAndServeThroughTheCli(@TempDir Path dir) throws Exception {
    Path sample = SharedDatasets.require("criteo_kaggle_head10000/train.txt");
    Path train = slice(sample, false, 0, 3000, dir.resolve("train.tsv"));
    Path test = slice(sample, false, 3000, 4000, dir.resolve("test.tsv"));
    List<String> testLines = Files.readAllLines(test);
    for (String model : List.of("fm", "ffm")) {
      Path out = dir.resolve(model);
      Run trained = run("train", "--train", train.toString(), "--test", test.toString(), "--format", "criteo",
          "--model", model, "--optimizer", "sparseGroupFtrl", "--output", out.toString(),
          "--param", "encoding=vocab", "--param", "minCount=5", "--param", "maxIter=1",
          "--param", "factorSize=2", "--param", "l21=2");
      assertEquals(0, trained.code(), trained.err());
      assertTrue(trained.out().contains("epoch 1/1") && trained.out().contains("test AUC"), trained.out());
      Map<String, Object> m = metrics(out);
      assertEquals(model, m.get("model"));
      assertEquals("sparseGroupFtrl", m.get("optimizer"));
      double auc = ((Number) m.get("auc")).doubleValue();
      assertTrue(auc > 0.6 && auc < 0.85, model + " test AUC on the Criteo split: " + auc);
      int rows = ((Number) m.get("nonzeroEmbeddingRows")).intValue();
      assertTrue(rows > 0, model + ": some embedding rows survive l21 = 2");

      Path predictions = dir.resolve(model + "-predictions");
      Run predicted = run("predict", "--model", out.resolve("model").toString(), "--input", test.toString(),
          "--format", "criteo", "--output", predictions.toString());
      assertEquals(0, predicted.code(), predicted.err());
      double[] written = readPredictions(predictions);
      assertEquals(1000, written.length);

      Path exported = dir.resolve(model + ".sctx");
      Run export = run("export", "--model", out.resolve("model").toString(), "--output", exported.toString());
      assertEquals(0, export.code(), export.err());
      assertEquals(Files.size(exported), ((Number) m.get("modelBytes")).longValue());
      io.sparkctr.serving.ServingModel served;
      try (java.io.InputStream in = Files.newInputStream(exported)) {
        served = io.sparkctr.serving.ServingModelCodec.read(in);
      }
      assertEquals(rows, served.numNonzeroEmbeddingRows(), "the export keeps exactly the nonzero rows");
      io.sparkctr.serving.ServingModel.Scorer scorer = served.scorer();
      for (int r = 0; r < testLines.size(); r++) {
        String[] cells = testLines.get(r).split("\t", -1);
        assertEquals(written[r], scorer.probability(java.util.Arrays.copyOfRange(cells, 1, cells.length)), 1e-12,
            model + " row " + r);
      }
    }
  }

  @Test
  void ffmTrainsOnLibffmAndThePathRunsOverL21(@TempDir Path dir) throws Exception {
    Path train = SharedDatasets.require("criteo_xlearn_ffm_demo/small_train.txt");
    Path test = SharedDatasets.require("criteo_xlearn_ffm_demo/small_test.txt");
    Run trained = run("train", "--train", train.toString(), "--test", test.toString(), "--format", "libffm",
        "--model", "ffm", "--output", dir.resolve("ffm").toString(), "--param", "factorSize=2");
    assertEquals(0, trained.code(), trained.err());
    assertTrue(((Number) metrics(dir.resolve("ffm")).get("nonzeroEmbeddingRows")).intValue() > 0);

    Run path = run("path", "--train", train.toString(), "--test", test.toString(), "--format", "libffm",
        "--model", "fm", "--optimizer", "sparseGroupFtrl", "--strengths", "0,10", "--output",
        dir.resolve("path").toString(), "--param", "factorSize=2", "--param", "maxIter=2");
    assertEquals(0, path.code(), path.err());
    List<String> rows = Files.readAllLines(dir.resolve("path").resolve("path.csv"));
    assertEquals(3, rows.size(), rows.toString());
    int none = Integer.parseInt(rows.get(1).split(",")[5]);
    int strong = Integer.parseInt(rows.get(2).split(",")[5]);
    assertTrue(strong < none, "l21 = 10 keeps fewer embedding rows than l21 = 0: " + rows);
  }

  @Test
  void synthIsASparkJobWhoseRowsDoNotDependOnThePartitioning(@TempDir Path dir) throws Exception {
    Run one = run("synth", "--rows", "3000", "--test-rows", "500", "--partitions", "1", "--seed", "5",
        "--output", dir.resolve("one").toString());
    assertEquals(0, one.code(), one.err());
    Run three = run("synth", "--rows", "3000", "--partitions", "3", "--seed", "5",
        "--output", dir.resolve("three").toString());
    assertEquals(0, three.code(), three.err());
    List<String> single = Files.readAllLines(dir.resolve("one").resolve("train.tsv"));
    assertEquals(3000, single.size());
    assertEquals(500, Files.readAllLines(dir.resolve("one").resolve("test.tsv")).size());
    List<String> parts = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir.resolve("three").resolve("train.tsv"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        parts.addAll(Files.readAllLines(p));
      }
    }
    assertEquals(single, parts, "row i is the same whatever the partitioning");

    // The Spark job's planted AUC and log loss are the engine's, computed on the driver.
    io.sparkctr.synth.SyntheticCriteo generator =
        new io.sparkctr.synth.SyntheticCriteo(5, io.sparkctr.synth.SyntheticCriteo.PlantedModel.LR);
    io.sparkctr.synth.SyntheticCriteo.Summary local = generator.write(0, 3000, new java.io.StringWriter());
    @SuppressWarnings("unchecked")
    Map<String, Object> sidecar = (Map<String, Object>) new ObjectMapper()
        .readValue(dir.resolve("one").resolve("_planted.json").toFile(), Map.class).get("train.tsv");
    assertEquals(local.plantedAuc(), ((Number) sidecar.get("plantedAuc")).doubleValue(), 1e-12);
    assertEquals(local.plantedLogLoss(), ((Number) sidecar.get("plantedLogLoss")).doubleValue(), 1e-12);
    assertEquals(local.positives(), ((Number) sidecar.get("positives")).longValue());

    // avazu: the same rows and labels as CSV with an hour; two part files, each with its header.
    Path avazu = dir.resolve("avazu");
    Run avazuRun = run("synth", "--rows", "3000", "--test-rows", "500", "--partitions", "2", "--format", "avazu",
        "--seed", "5", "--output", avazu.toString());
    assertEquals(0, avazuRun.code(), avazuRun.err());
    List<Path> avazuParts;
    try (Stream<Path> s = Files.list(avazu.resolve("train.csv"))) {
      avazuParts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    assertEquals(2, avazuParts.size());
    List<String> firstPart = Files.readAllLines(avazuParts.get(0));
    assertEquals(io.sparkctr.synth.SyntheticCriteo.AVAZU_HEADER, firstPart.get(0));
    assertEquals(io.sparkctr.synth.SyntheticCriteo.AVAZU_HEADER, Files.readAllLines(avazuParts.get(1)).get(0));
    String[] row0 = firstPart.get(1).split(",", -1);
    assertEquals("0", row0[0]);
    assertEquals(String.valueOf(single.get(0).charAt(0)), row0[1], "the Criteo row's label");
    assertEquals("14102100", row0[2]);
    assertEquals(single.get(0).substring(2).replace('\t', ','),
        String.join(",", java.util.Arrays.copyOfRange(row0, 3, row0.length)), "the Criteo row's tokens");
    Run avazuTrained = run("train", "--train", avazu.resolve("train.csv").toString(), "--test",
        avazu.resolve("test.csv").toString(), "--format", "avazu", "--output", dir.resolve("avazu-model").toString());
    assertEquals(0, avazuTrained.code(), avazuTrained.err());
    assertEquals(3000, ((Number) metrics(dir.resolve("avazu-model")).get("rowsTrain")).intValue());
    assertTrue(((Number) metrics(dir.resolve("avazu-model")).get("auc")).doubleValue() > 0.6);

    // libsvm and libffm: the same rows hashed by the Criteo featurizer; the readers and trainers take them.
    for (String format : List.of("libsvm", "libffm")) {
      Path out = dir.resolve(format);
      Run written = run("synth", "--rows", "2000", "--test-rows", "500", "--format", format, "--num-bits", "14",
          "--output", out.toString());
      assertEquals(0, written.code(), written.err());
      List<String> lines = Files.readAllLines(out.resolve("train." + format));
      assertEquals(2000, lines.size());
      assertEquals(single.get(0).charAt(0), lines.get(0).charAt(0), "same label as the Criteo row");
      Run trained = run("train", "--train", out.resolve("train." + format).toString(), "--test",
          out.resolve("test." + format).toString(), "--format", format, "--model",
          format.equals("libffm") ? "ffm" : "lr", "--param", "factorSize=2",
          "--output", dir.resolve(format + "-model").toString());
      // factorSize is not a Param of logistic regression: lr on libsvm must refuse it, ffm takes it.
      if (format.equals("libsvm")) {
        assertEquals(1, trained.code(), trained.err());
        trained = run("train", "--train", out.resolve("train." + format).toString(), "--test",
            out.resolve("test." + format).toString(), "--format", format,
            "--output", dir.resolve(format + "-model").toString());
      }
      assertEquals(0, trained.code(), trained.err());
      double auc = ((Number) metrics(dir.resolve(format + "-model")).get("auc")).doubleValue();
      assertTrue(auc > 0.6, format + " test AUC " + auc);
    }
  }

  @Test
  void deepFmTrainsWithHelenThroughTheCliAndPredicts(@TempDir Path dir) throws Exception {
    Path sample = SharedDatasets.require("criteo_kaggle_head10000/train.txt");
    Path train = slice(sample, false, 0, 3000, dir.resolve("train.tsv"));
    Path test = slice(sample, false, 3000, 4000, dir.resolve("test.tsv"));
    Path out = dir.resolve("deepfm");
    Run trained = run("train", "--train", train.toString(), "--test", test.toString(), "--format", "criteo",
        "--model", "deepfm", "--optimizer", "helen", "--output", out.toString(), "--param", "encoding=vocab",
        "--param", "minCount=5", "--param", "maxIter=2", "--param", "embeddingDim=4", "--param", "hiddenLayers=16,8",
        "--param", "batchSize=256", "--param", "stepSize=0.003", "--param", "zeta=0.3", "--validation-fraction", "0");
    assertEquals(0, trained.code(), trained.err());
    assertTrue(trained.out().contains("epoch 2/2") && trained.out().contains("test AUC"), trained.out());
    Map<String, Object> m = metrics(out);
    assertEquals("deepfm", m.get("model"));
    assertEquals("helen", m.get("optimizer"));
    double auc = ((Number) m.get("auc")).doubleValue();
    assertTrue(auc > 0.6 && auc < 0.85, "DeepFM test AUC on the Criteo split: " + auc);
    assertTrue(((Number) m.get("nonzeroEmbeddingRows")).intValue() > 0);
    Path predictions = dir.resolve("predictions");
    Run predicted = run("predict", "--model", out.resolve("model").toString(), "--input", test.toString(),
        "--format", "criteo", "--output", predictions.toString());
    assertEquals(0, predicted.code(), predicted.err());
    assertEquals(1000, readPredictions(predictions).length);

    // A stored count table (the count command's output) gives Helen the same N as the frequency job.
    Path counts = dir.resolve("counts");
    Run counted = run("count", "--input", train.toString(), "--format", "criteo", "--output", counts.toString());
    assertEquals(0, counted.code(), counted.err());
    Path stored = dir.resolve("stored");
    Run fromTable = run("train", "--train", train.toString(), "--test", test.toString(), "--format", "criteo",
        "--model", "deepfm", "--optimizer", "helen", "--output", stored.toString(), "--counts", counts.toString(),
        "--param", "encoding=vocab", "--param", "minCount=5", "--param", "maxIter=2", "--param", "embeddingDim=4",
        "--param", "hiddenLayers=16,8", "--param", "batchSize=256", "--param", "stepSize=0.003", "--param", "zeta=0.3",
        "--validation-fraction", "0");
    assertEquals(0, fromTable.code(), fromTable.err());
    // The same model: only the AUC's summation order may differ (other radii would move it far more than 1e-9).
    assertEquals(auc, ((Number) metrics(stored).get("auc")).doubleValue(), 1e-9, "the same model as the frequency job's");
    assertTrue(Files.isDirectory(stored.resolve("helen-counts")), "the indexed table is kept with the model");
    Run notHelen = run("train", "--train", train.toString(), "--format", "criteo", "--model", "deepfm",
        "--output", dir.resolve("x").toString(), "--counts", counts.toString());
    assertEquals(1, notHelen.code());
    assertTrue(notHelen.err().contains("--counts feeds Helen's radii"), notHelen.err());

    // The sharpness diagnostic: an Adam model next to the Helen one, per frequency decile.
    Path adam = dir.resolve("adam");
    Run adamRun = run("train", "--train", train.toString(), "--format", "criteo", "--model", "deepfm",
        "--optimizer", "adam", "--output", adam.toString(), "--param", "encoding=vocab", "--param", "minCount=5",
        "--param", "embeddingDim=4", "--param", "hiddenLayers=16,8", "--param", "batchSize=256");
    assertEquals(0, adamRun.code(), adamRun.err());
    // Group lasso on the embedding rows: whole rows zero, fewer than Adam keeps.
    Path group = dir.resolve("group");
    Run groupRun = run("train", "--train", train.toString(), "--format", "criteo", "--model", "deepfm",
        "--optimizer", "groupAdam", "--output", group.toString(), "--param", "encoding=vocab", "--param", "minCount=5",
        "--param", "embeddingDim=4", "--param", "hiddenLayers=16,8", "--param", "batchSize=256", "--param", "l21=0.05");
    assertEquals(0, groupRun.code(), groupRun.err());
    int groupRows = ((Number) metrics(group).get("nonzeroEmbeddingRows")).intValue();
    int adamRows = ((Number) metrics(adam).get("nonzeroEmbeddingRows")).intValue();
    assertTrue(groupRows < adamRows, "groupAdam keeps " + groupRows + " embedding rows, Adam " + adamRows);
    Path sharp = dir.resolve("sharpness");
    Run sharpness = run("sharpness", "--model", "adam=" + adam.resolve("model"), "--model",
        "helen=" + out.resolve("model"), "--data", train.toString(), "--format", "criteo", "--rows", "256",
        "--deciles", "4", "--iterations", "5", "--output", sharp.toString());
    assertEquals(0, sharpness.code(), sharpness.err());
    List<String> rows = Files.readAllLines(sharp.resolve("sharpness.csv"));
    assertEquals("model,decile,features,min_count,max_count,top_eigenvalue", rows.get(0));
    assertEquals(1 + 2 * 4, rows.size(), rows.toString());
    for (String row : rows.subList(1, rows.size())) {
      assertTrue(Double.isFinite(Double.parseDouble(row.split(",")[5])), row);
    }
    byte[] png = Files.readAllBytes(sharp.resolve("sharpness.png"));
    assertTrue(png.length > 2000 && png[1] == 'P', "a real PNG: " + png.length + " bytes");
  }

  static double[] readPredictions(Path dir) throws IOException {
    List<Path> parts;
    try (Stream<Path> s = Files.list(dir)) {
      parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    List<Double> values = new ArrayList<>();
    for (Path p : parts) {
      for (String line : Files.readAllLines(p)) {
        values.add(Double.parseDouble(line));
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void trainsOnTheAvazuSampleWithHourFeatures(@TempDir Path dir) throws Exception {
    Path sample = SharedDatasets.require("avazu_head8999/train.csv");
    Path train = slice(sample, true, 0, 7200, dir.resolve("train.csv"));
    Path test = slice(sample, true, 7200, 8999, dir.resolve("test.csv"));
    Run trained = run("train", "--train", train.toString(), "--test", test.toString(), "--format", "avazu",
        "--output", dir.resolve("out").toString(), "--param", "encoding=vocab", "--param", "minCount=2");
    assertEquals(0, trained.code(), trained.err());
    Map<String, Object> m = metrics(dir.resolve("out"));
    assertEquals(7200, ((Number) m.get("rowsTrain")).intValue());
    assertEquals(1799, ((Number) m.get("rowsTest")).intValue());
    double auc = ((Number) m.get("auc")).doubleValue();
    assertTrue(auc > 0.62, "test AUC on the Avazu split: " + auc);
  }

  @Test
  void trainsOnLibFfmInput() throws Exception {
    Path train = SharedDatasets.require("criteo_xlearn_ffm_demo/small_train.txt");
    Path test = SharedDatasets.require("criteo_xlearn_ffm_demo/small_test.txt");
    Path out = Files.createTempDirectory("ffm");
    Run trained = run("train", "--train", train.toString(), "--test", test.toString(), "--format", "libffm",
        "--output", out.toString(), "--param", "maxIter=3");
    assertEquals(0, trained.code(), trained.err());
    assertEquals(200, ((Number) metrics(out).get("rowsTrain")).intValue());
    assertEquals("ftrl", metrics(out).get("optimizer"));

    Path rdaOut = Files.createTempDirectory("ffm-rda");
    Run rda = run("train", "--train", train.toString(), "--test", test.toString(), "--format", "libffm",
        "--output", rdaOut.toString(), "--optimizer", "rda", "--param", "gamma=2", "--param", "maxIter=2");
    assertEquals(0, rda.code(), rda.err());
    assertEquals("rda", metrics(rdaOut).get("optimizer"));

    Run mixed = run("train", "--train", train.toString(), "--format", "libffm", "--output", rdaOut.toString(),
        "--param", "gamma=2");
    assertEquals(1, mixed.code());
    assertTrue(mixed.err().contains("gamma") && mixed.err().contains("rda"), mixed.err());
  }

  @Test
  void pathWritesOneRowPerOptimizerAndStrengthAndAPlot(@TempDir Path dir) throws Exception {
    Path train = SharedDatasets.require("criteo_xlearn_ffm_demo/small_train.txt");
    Path test = SharedDatasets.require("criteo_xlearn_ffm_demo/small_test.txt");
    Run path = run("path", "--train", train.toString(), "--test", test.toString(), "--format", "libffm",
        "--optimizer", "ftrl,rda,truncation", "--strengths", "0,0.001,5", "--output", dir.toString(),
        "--param", "maxIter=2", "--refit");
    assertEquals(0, path.code(), path.err());
    List<String> rows = Files.readAllLines(dir.resolve("path.csv"));
    assertEquals("optimizer,strength,auc,log_loss,nonzero_weights,nonzero_embedding_rows,model_bytes,seconds", rows.get(0));
    assertEquals(1 + 3 * 3 * 2, rows.size(), rows.toString());
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",");
      double auc = Double.parseDouble(cells[2]);
      assertTrue(auc >= 0 && auc <= 1, row);
      assertEquals("0", cells[5], "logistic regression has no embedding rows: " + row);
      assertTrue(Long.parseLong(cells[6]) > 0, row);
    }
    // Rows: ftrl x 3 strengths, ftrl+refit x 3, rda x 3, ... The strongest FTRL L1 (5) keeps fewer
    // weights than none, and its refit keeps no more than it.
    assertTrue(rows.get(6).startsWith("ftrl+refit,5.0,"), rows.get(6));
    int strongest = Integer.parseInt(rows.get(3).split(",")[4]);
    assertTrue(strongest < Integer.parseInt(rows.get(1).split(",")[4]), rows.toString());
    assertTrue(Integer.parseInt(rows.get(6).split(",")[4]) <= strongest, rows.toString());
    byte[] png = Files.readAllBytes(dir.resolve("path.png"));
    assertTrue(png.length > 2000, "a real picture, not an empty file: " + png.length + " bytes");
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    assertEquals('N', png[2]);
    assertEquals('G', png[3]);
  }

  @Test
  void aBadLineStopsTrainingWithFileLineAndColumnOrIsSkippedAndCounted(@TempDir Path dir) throws Exception {
    Path sample = SharedDatasets.require("criteo_kaggle_head10000/train.txt");
    List<String> lines = new ArrayList<>(Files.readAllLines(sample).subList(0, 300));
    String[] fields = lines.get(41).split("\t", -1);
    fields[3] = "3.5"; // I3 must be an integer
    lines.set(41, String.join("\t", fields));
    Path bad = dir.resolve("bad.tsv");
    Files.write(bad, lines);

    Run failed = run("train", "--train", bad.toString(), "--format", "criteo", "--output", dir.resolve("o1").toString());
    assertEquals(1, failed.code());
    assertTrue(failed.err().contains("bad.tsv") && failed.err().contains("line 42") && failed.err().contains("I3")
        && failed.err().contains("3.5"), failed.err());

    Run skipped = run("train", "--train", bad.toString(), "--format", "criteo", "--output",
        dir.resolve("o2").toString(), "--handle-invalid", "skip");
    assertEquals(0, skipped.code(), skipped.err());
    Map<String, Object> m = metrics(dir.resolve("o2"));
    assertEquals(1, ((Number) m.get("rowsSkipped")).intValue());
    assertEquals(299, ((Number) m.get("rowsTrain")).intValue());
  }

  @Test
  void badParamsAndOptionsFailWithTheNameValueAndRange(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "# comment\nalpha = 0.1\nalpah = 0.2\n");
    Path data = SharedDatasets.require("criteo_xlearn_ffm_demo/small_train.txt");
    Run unknown = run("train", "--train", data.toString(), "--format", "libffm", "--output",
        dir.resolve("o").toString(), "--conf", conf.toString());
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("bad.conf, line 3") && unknown.err().contains("alpah"), unknown.err());

    Run negative = run("train", "--train", data.toString(), "--format", "libffm", "--output",
        dir.resolve("o").toString(), "--param", "l1=-1");
    assertEquals(1, negative.code());
    assertTrue(negative.err().contains("l1") && negative.err().contains("-1.0") && negative.err().contains(">= 0"),
        negative.err());

    Run format = run("train", "--train", data.toString(), "--format", "csv", "--output", dir.resolve("o").toString());
    assertEquals(1, format.code());
    assertTrue(format.err().contains("csv") && format.err().contains("libsvm"), format.err());

    Run model = run("train", "--train", data.toString(), "--format", "libffm", "--model", "gbdt", "--output",
        dir.resolve("o").toString());
    assertEquals(1, model.code());
    assertTrue(model.err().contains("--model") && model.err().contains("gbdt"), model.err());
  }
}
