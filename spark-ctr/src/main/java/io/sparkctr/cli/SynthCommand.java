package io.sparkctr.cli;

import io.sparkctr.synth.SyntheticCriteo;
import io.sparkctr.data.CriteoParser;
import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.io.SyntheticRows;
import java.io.IOException;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Generates rows from a planted model as a Spark job (row i is the same whatever the partitioning):
 * DIR/train.EXT (rows [0, rows)), DIR/test.EXT (the next testRows rows) and DIR/_planted.json with
 * each file's row count, label rate and planted AUC, the ceiling any learner can reach (train prints it
 * next to the test AUC). Criteo TSV as generated; avazu the same rows as Avazu CSV (id, click, an
 * hour that grows with the row, the 39 tokens); libsvm and libffm the same rows through the standard
 * Criteo featurizer (hashing into 2^numBits). One partition writes a single file; more write
 * DIR/train.EXT/ as a folder of part files, which every reader takes.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Generate rows with a planted logistic or FM model, as a Spark job; report its AUC (the ceiling).")
final class SynthCommand implements Callable<Integer> {
  static final String SIDECAR = "_planted.json";
  /** Rows per partition when --partitions is not given. */
  static final long ROWS_PER_PARTITION = 1_000_000L;

  @Option(names = "--rows", required = true, description = "Training rows to write.")
  long rows;

  @Option(names = "--test-rows", defaultValue = "0", description = "Test rows to write after them. Default: ${DEFAULT-VALUE}.")
  long testRows;

  @Option(names = "--seed", defaultValue = "42", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--planted", defaultValue = "lr", description = "Planted model: lr or fm. Default: ${DEFAULT-VALUE}.")
  String planted;

  @Option(names = "--format", defaultValue = "criteo",
      description = "criteo (TSV), avazu (CSV: id, click, hour, then the Criteo columns as tokens), libsvm or libffm"
          + " (hashed by the Criteo featurizer). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--num-bits", defaultValue = "20", description = "Hash space 2^bits of libsvm and libffm. Default: ${DEFAULT-VALUE}.")
  int numBits;

  @Option(names = "--partitions", defaultValue = "0",
      description = "Spark partitions (files) per output; 0: one per million rows. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(names = "--master", description = "Spark master URL; default: spark-submit's, else local[*].")
  String master;

  @Option(names = "--output", required = true, description = "Output directory.")
  String output;

  @Override
  public Integer call() throws IOException {
    if (rows <= 0 || testRows < 0 || partitions < 0) {
      throw new IllegalArgumentException("--rows MUST be > 0, --test-rows and --partitions >= 0, but got " + rows
          + ", " + testRows + " and " + partitions);
    }
    TrainCommand.requireOneOf("--planted", planted, new String[] {"lr", "fm"});
    TrainCommand.requireOneOf("--format", format, new String[] {"criteo", "avazu", "libsvm", "libffm"});
    SyntheticCriteo generator = new SyntheticCriteo(seed, SyntheticCriteo.PlantedModel.valueOf(planted.toUpperCase(Locale.ROOT)));
    SparkSession spark = Jobs.session(master, "spark-ctr synth");
    Path dir = Paths.get(output);
    Files.createDirectories(dir);
    String extension = format.equals("criteo") ? "tsv" : format.equals("avazu") ? "csv" : format;
    Map<String, Object> sidecar = new LinkedHashMap<>();
    sidecar.put("command", "spark-ctr synth --rows " + rows + " --test-rows " + testRows + " --seed " + seed
        + " --planted " + planted + " --format " + format + (format.equals("criteo") ? "" : " --num-bits " + numBits));
    sidecar.put("train." + extension, write(spark, generator, dir.resolve("train." + extension), 0, rows));
    if (testRows > 0) {
      sidecar.put("test." + extension, write(spark, generator, dir.resolve("test." + extension), rows, rows + testRows));
    }
    Jobs.writeJson(dir.resolve(SIDECAR), sidecar);
    return 0;
  }

  private Map<String, Object> write(SparkSession spark, SyntheticCriteo generator, Path file, long from, long to)
      throws IOException {
    final int parts = partitions > 0 ? partitions : (int) Math.max(1, (to - from + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
    final JavaRDD<String> lines;
    if (format.equals("criteo")) {
      lines = SyntheticRows.criteoLines(spark, generator, from, to, parts);
    } else if (format.equals("avazu")) {
      lines = SyntheticRows.avazuLines(spark, generator, from, to, parts);
    } else {
      Dataset<Row> raw = SyntheticRows.criteoFrame(spark, generator, from, to, parts);
      // Hashing needs no statistics: the fit reads no rows.
      lines = SyntheticRows.indexedLines(Jobs.featurizerFor(InputFormat.CRITEO, CriteoParser.COLUMN_NAMES)
          .setEncoding("hash").setNumBits(numBits).fit(raw).transform(raw), format.equals("libffm"));
    }
    deleteIfExists(file);
    if (parts == 1) {
      // One partition: a single file, as the bundled sample has it.
      Path staging = file.resolveSibling(file.getFileName() + ".parts");
      deleteIfExists(staging);
      lines.saveAsTextFile(staging.toString());
      Files.move(staging.resolve("part-00000"), file);
      deleteIfExists(staging);
    } else {
      lines.saveAsTextFile(file.toString());
    }
    SyntheticRows.Planted summary = SyntheticRows.planted(spark, generator, from, to, parts);
    System.out.printf("%s: %d rows in %d partition(s), label rate %.4f, planted AUC %.5f, planted log loss %.5f%n",
        file, summary.rows(), parts, (double) summary.positives() / summary.rows(), summary.auc(), summary.logLoss());
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("firstRow", from);
    entry.put("rows", summary.rows());
    entry.put("positives", summary.positives());
    entry.put("labelRate", (double) summary.positives() / summary.rows());
    entry.put("plantedAuc", summary.auc());
    entry.put("plantedLogLoss", summary.logLoss());
    return entry;
  }

  private static void deleteIfExists(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    } else {
      Files.deleteIfExists(path);
    }
  }
}
