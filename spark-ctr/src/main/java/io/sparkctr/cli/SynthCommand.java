package io.sparkctr.cli;

import io.sparkctr.synth.SyntheticCriteo;
import io.sparkctr.synth.SyntheticUserItem;
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
import java.util.List;
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
 *
 * <p>{@code --planted useritem} writes a MovieLens-like user-item stream instead ({@link
 * SyntheticUserItem}: 8 fields, users and items arriving over time, a drifting genre preference), as
 * libffm (the default for it) or libsvm lines in its own fixed index space (no hashing); the stream is
 * the rows plus the test rows, so its pools reach their final sizes at the last test row. The test
 * file's sidecar entry also counts its rows whose user or item never occurs in the training rows.
 * {@code --label-rate} sets the planted models' target click rate (default 0.22 for lr and fm, 0.55
 * for useritem).
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Generate rows with a planted logistic, FM or user-item model, as a Spark job; report its AUC"
        + " (the ceiling).")
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

  @Option(names = "--planted", defaultValue = "lr",
      description = "Planted model: lr or fm (Criteo-like rows), or useritem (a MovieLens-like user-item stream)."
          + " Default: ${DEFAULT-VALUE}.")
  String planted;

  @Option(names = "--format",
      description = "criteo (TSV), avazu (CSV: id, click, hour, then the Criteo columns as tokens), libsvm or libffm"
          + " (hashed by the Criteo featurizer); useritem: libffm or libsvm only. Default: criteo (useritem: libffm).")
  String format;

  @Option(names = "--label-rate",
      description = "Target click rate of the planted model, in (0, 1). Default: 0.22 (lr, fm), 0.55 (useritem).")
  Double labelRate;

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
    TrainCommand.requireOneOf("--planted", planted, new String[] {"lr", "fm", "useritem"});
    final boolean userItem = planted.equals("useritem");
    if (format == null) {
      format = userItem ? "libffm" : "criteo";
    }
    if (userItem) {
      if (!format.equals("libsvm") && !format.equals("libffm")) {
        throw new IllegalArgumentException("--format MUST be libffm or libsvm with --planted useritem (its rows have"
            + " their own index space, not Criteo's columns), but got '" + format + "'");
      }
    } else {
      TrainCommand.requireOneOf("--format", format, new String[] {"criteo", "avazu", "libsvm", "libffm"});
    }
    if (labelRate != null && !(labelRate > 0 && labelRate < 1)) {
      throw new IllegalArgumentException("--label-rate MUST be in (0, 1), but got " + labelRate);
    }
    SyntheticCriteo criteo = null;
    SyntheticUserItem stream = null;
    if (userItem) {
      SyntheticUserItem.Builder b = SyntheticUserItem.builder(seed).streamRows(rows + testRows);
      stream = (labelRate == null ? b : b.labelRate(labelRate)).build();
    } else {
      SyntheticCriteo.Builder b = SyntheticCriteo.builder(seed,
          SyntheticCriteo.PlantedModel.valueOf(planted.toUpperCase(Locale.ROOT)));
      criteo = (labelRate == null ? b : b.labelRate(labelRate)).build();
    }
    SparkSession spark = Jobs.session(master, "spark-ctr synth");
    Path dir = Paths.get(output);
    Files.createDirectories(dir);
    String extension = format.equals("criteo") ? "tsv" : format.equals("avazu") ? "csv" : format;
    Map<String, Object> sidecar = new LinkedHashMap<>();
    sidecar.put("command", "spark-ctr synth --rows " + rows + " --test-rows " + testRows + " --seed " + seed
        + " --planted " + planted + " --format " + format
        + (format.equals("criteo") || userItem ? "" : " --num-bits " + numBits)
        + (labelRate == null ? "" : " --label-rate " + labelRate));
    if (userItem) {
      sidecar.put("users", stream.users());
      sidecar.put("items", stream.items());
      sidecar.put("streamRows", stream.streamRows());
      sidecar.put("numFeatures", stream.numFeatures());
      sidecar.put("fields", List.of(SyntheticUserItem.FIELD_NAMES));
    }
    sidecar.put("train." + extension, write(spark, criteo, stream, dir.resolve("train." + extension), 0, rows));
    if (testRows > 0) {
      Map<String, Object> test = write(spark, criteo, stream, dir.resolve("test." + extension), rows, rows + testRows);
      if (userItem) {
        SyntheticRows.Unseen unseen = SyntheticRows.unseen(spark, stream, 0, rows, rows, rows + testRows,
            partitionsFor(rows + testRows));
        test.put("unseenUserShare", (double) unseen.unseenUser() / unseen.rows());
        test.put("unseenItemShare", (double) unseen.unseenItem() / unseen.rows());
        test.put("unseenUserOrItemShare", (double) unseen.unseenEither() / unseen.rows());
        System.out.printf("%s: %.4f of the rows have a user or an item unseen in the training rows (users %.4f,"
            + " items %.4f)%n", dir.resolve("test." + extension), (double) unseen.unseenEither() / unseen.rows(),
            (double) unseen.unseenUser() / unseen.rows(), (double) unseen.unseenItem() / unseen.rows());
      }
      sidecar.put("test." + extension, test);
    }
    Jobs.writeJson(dir.resolve(SIDECAR), sidecar);
    return 0;
  }

  private int partitionsFor(long count) {
    return partitions > 0 ? partitions : (int) Math.max(1, (count + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
  }

  /** Writes rows [from, to) of whichever generator is not null. */
  private Map<String, Object> write(SparkSession spark, SyntheticCriteo generator, SyntheticUserItem stream, Path file,
      long from, long to) throws IOException {
    final int parts = partitionsFor(to - from);
    final JavaRDD<String> lines;
    if (stream != null) {
      lines = SyntheticRows.userItemLines(spark, stream, from, to, parts, format.equals("libffm"));
    } else if (format.equals("criteo")) {
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
    SyntheticRows.Planted summary = stream != null ? SyntheticRows.planted(spark, stream, from, to, parts)
        : SyntheticRows.planted(spark, generator, from, to, parts);
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
