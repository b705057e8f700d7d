package io.sparkctr.cli;

import io.sparkctr.ml.classification.DeepFmClassificationModel;
import io.sparkctr.models.deepfm.DeepFmKernel;
import io.sparkctr.models.deepfm.DeepFmModel;
import io.sparkctr.models.deepfm.EmbeddingSharpness;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The sharpness diagnostic's report: per DeepFM, the top Hessian eigenvalue of the loss on a sample of
 * featurized rows, restricted to the embedding rows of one feature-frequency group at a time (frequency
 * counted on the sample, rarest group first), by power iteration ({@link EmbeddingSharpness}). Writes
 * DIR/sharpness.csv as it goes and DIR/sharpness.png (one line per model) on {@link #close()}. Used by
 * the {@code sharpness} command and by {@code bench-helen}.
 */
public final class SharpnessDeciles implements AutoCloseable {
  private final Path dir;
  private final int deciles;
  private final int iterations;
  private final PrintWriter csv;
  private final Map<String, List<LinePlot.Point>> lines = new LinkedHashMap<>();

  /** Opens DIR/sharpness.csv; {@code deciles} frequency groups, {@code iterations} power iterations. */
  public SharpnessDeciles(Path dir, int deciles, int iterations) throws IOException {
    if (deciles < 1 || iterations < 1) {
      throw new IllegalArgumentException("deciles and iterations MUST be >= 1, but got " + deciles + " and " + iterations);
    }
    this.dir = dir;
    this.deciles = deciles;
    this.iterations = iterations;
    Files.createDirectories(dir);
    this.csv = new PrintWriter(Files.newBufferedWriter(dir.resolve("sharpness.csv"), StandardCharsets.UTF_8));
    csv.println("model,decile,features,min_count,max_count,top_eigenvalue");
  }

  /** Writes the PNG and closes the CSV. */
  @Override
  public void close() throws IOException {
    csv.close();
    LinePlot.write(lines, "spark-ctr sharpness: top Hessian eigenvalue of embedding rows by frequency",
        "feature-frequency decile (1 = rarest)", "top eigenvalue", false, dir.resolve("sharpness.png").toFile());
    System.out.println("wrote " + dir.resolve("sharpness.csv") + " and " + dir.resolve("sharpness.png"));
  }

  /**
   * Measures one model (one line of the plot) on {@code sample}: featurized rows with the classifier's
   * label, features and fields columns, collected to the driver (keep it to a few thousand rows).
   */
  public void measure(String name, DeepFmClassificationModel classifier, Dataset<Row> sample) {
    DeepFmModel model = classifier.deepFmModel();
    List<Row> collected = sample.select(classifier.getLabelCol(), classifier.getFeaturesCol(), classifier.getFieldsCol())
        .collectAsList();
    int n = collected.size();
    int[] rowStart = new int[n + 1];
    List<int[]> idx = new ArrayList<>();
    List<double[]> val = new ArrayList<>();
    List<int[]> fld = new ArrayList<>();
    double[] labels = new double[n];
    // The rows in model rows (features training never saw have none and are left out, as scoring does).
    io.sparkctr.models.MappedRow mapped = new io.sparkctr.models.MappedRow();
    for (int r = 0; r < n; r++) {
      Row row = collected.get(r);
      labels[r] = ((Number) row.get(0)).doubleValue();
      SparseVector v = ((Vector) row.get(1)).toSparse();
      scala.collection.Seq<Object> f = row.getSeq(2);
      int[] fields = new int[f.size()];
      for (int p = 0; p < fields.length; p++) {
        fields[p] = (Integer) f.apply(p);
      }
      int kept = mapped.map(model.featureIndex(), v.indices(), v.values(), fields, 0, fields.length);
      idx.add(Arrays.copyOf(mapped.indices, kept));
      val.add(Arrays.copyOf(mapped.values, kept));
      fld.add(Arrays.copyOf(mapped.fields, kept));
      rowStart[r + 1] = rowStart[r] + kept;
    }
    int[] indices = new int[rowStart[n]];
    double[] values = new double[rowStart[n]];
    int[] fields = new int[rowStart[n]];
    double[] counts = new double[model.layout().numFeatures()];
    for (int r = 0; r < n; r++) {
      System.arraycopy(idx.get(r), 0, indices, rowStart[r], idx.get(r).length);
      System.arraycopy(val.get(r), 0, values, rowStart[r], idx.get(r).length);
      System.arraycopy(fld.get(r), 0, fields, rowStart[r], idx.get(r).length);
      for (int j : idx.get(r)) {
        counts[j]++;
      }
    }
    int[] batch = new int[n];
    for (int r = 0; r < n; r++) {
      batch[r] = r;
    }
    double[] sparse = new double[model.layout().sparseSize()];
    double[] dense = new double[model.layout().denseSize()];
    for (int i = 0; i < sparse.length; i++) {
      sparse[i] = model.sparse(i);
    }
    for (int i = 0; i < dense.length; i++) {
      dense[i] = model.dense(i);
    }
    EmbeddingSharpness sharpness = new EmbeddingSharpness(new DeepFmKernel(model.layout(), n, 0.0, 0.0), sparse, dense,
        rowStart, indices, values, fields, labels, batch);
    // The sample's features, rarest first, cut into equal-size groups.
    Integer[] present = java.util.stream.IntStream.range(0, counts.length).filter(j -> counts[j] > 0).boxed()
        .toArray(Integer[]::new);
    Arrays.sort(present, (a, b) -> Double.compare(counts[a], counts[b]) != 0 ? Double.compare(counts[a], counts[b])
        : Integer.compare(a, b));
    List<LinePlot.Point> points = new ArrayList<>();
    for (int d = 0; d < deciles; d++) {
      int from = (int) ((long) present.length * d / deciles);
      int to = (int) ((long) present.length * (d + 1) / deciles);
      if (from == to) {
        continue;
      }
      int[] group = new int[to - from];
      for (int g = from; g < to; g++) {
        group[g - from] = present[g];
      }
      double top = sharpness.topEigenvalue(sharpness.coordinates(group), iterations, 1e-4, 7L + d);
      csv.printf(Locale.ROOT, "%s,%d,%d,%.0f,%.0f,%.6g%n", name, d + 1, group.length, counts[present[from]],
          counts[present[to - 1]], top);
      csv.flush();
      System.out.printf(Locale.ROOT, "%s decile %d: %d features, counts %.0f-%.0f, top eigenvalue %.6g%n", name, d + 1,
          group.length, counts[present[from]], counts[present[to - 1]], top);
      points.add(new LinePlot.Point(d + 1, top));
    }
    lines.put(name, points);
  }
}
