package io.sparkctr.ml.classification;

import io.sparkctr.ml.feature.FeatureCounts;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads an indexed count table into the arrays the frequency job returns, checking it against the model. */
final class StoredCounts {
  private StoredCounts() {}

  /**
   * Per model row (a feature seen in training, {@code index}): N, and its field + 1 (0 for a feature the
   * table does not list, as for a feature the job never sees). Features without a model row are skipped.
   * Fails, naming the table, on an index outside the model's feature space, a repeated index or a negative
   * count.
   */
  static double[][] read(SparkSession spark, String path, io.sparkctr.models.FeatureIndex index) {
    final List<Row> rows = FeatureCounts.readIndexed(spark, path).collectAsList();
    final int numFeatures = index.numFeatures();
    final double[] counts = new double[index.size()];
    final double[] fieldPlusOne = new double[index.size()];
    final java.util.Set<Integer> listed = new java.util.HashSet<>();
    for (Row r : rows) {
      final int feature = r.getInt(0);
      final int field = r.getInt(1);
      final long count = r.getLong(2);
      if (feature < 0 || feature >= numFeatures) {
        throw new IllegalArgumentException("The count table at " + path + " has feature index " + feature
            + ", outside the training rows' feature space [0, " + numFeatures + "): it was indexed with another"
            + " featurizer than the one that produced these rows");
      }
      if (!listed.add(feature)) {
        throw new IllegalArgumentException("The count table at " + path + " lists feature index " + feature
            + " twice; an indexed table has one row per index");
      }
      if (field < 0 || count < 0) {
        throw new IllegalArgumentException("The count table at " + path + " has fieldIndex " + field
            + " and count " + count + " for feature " + feature + "; both MUST be >= 0");
      }
      final int row = index.row(feature);
      if (row >= 0) {
        counts[row] = count;
        fieldPlusOne[row] = field + 1.0;
      }
    }
    return new double[][] {counts, fieldPlusOne};
  }
}
