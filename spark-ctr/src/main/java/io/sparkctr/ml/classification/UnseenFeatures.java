package io.sparkctr.ml.classification;

import io.sparkctr.models.FeatureIndex;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Counts a features column's entries that have no model row. Wiring only: the lookup is {@link FeatureIndex}'s. */
final class UnseenFeatures {
  private UnseenFeatures() {}

  static long count(Dataset<?> dataset, String featuresCol, FeatureIndex index) {
    final Broadcast<FeatureIndex> bc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
        .broadcast(index);
    try {
      return dataset.select(functions.col(featuresCol)).toJavaRDD().map((Row row) -> {
        if (row.isNullAt(0)) {
          return 0L;
        }
        final Vector v = (Vector) row.get(0);
        final FeatureIndex features = bc.value();
        long unseen = 0;
        if (v instanceof SparseVector sv) {
          for (int j : sv.indices()) {
            unseen += features.row(j) < 0 ? 1 : 0;
          }
        } else {
          final double[] values = ((DenseVector) v).values();
          for (int j = 0; j < values.length; j++) {
            unseen += values[j] != 0.0 && features.row(j) < 0 ? 1 : 0;
          }
        }
        return unseen;
      }).fold(0L, Long::sum);
    } finally {
      bc.destroy();
    }
  }
}
