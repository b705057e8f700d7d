package io.sparkctr.ml.internal;

import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.CsrBlockBuilder;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** DataFrame (features, label, weight) to one {@link CsrBlock} per partition. No math here. */
public final class CsrConversion {
  private CsrConversion() {}

  /**
   * One block per partition of {@code dataset}, in the partition's row order. Labels, weights and
   * feature values are validated by {@link CsrBlockBuilder} when the blocks are computed.
   *
   * @param weightCol empty for unit weights
   */
  public static JavaRDD<CsrBlock> toBlocks(
      Dataset<?> dataset, String featuresCol, String labelCol, String weightCol) {
    Column weight = weightCol.isEmpty() ? functions.lit(1.0) : functions.col(weightCol).cast(DataTypes.DoubleType);
    Dataset<Row> selected = dataset.select(
        functions.col(featuresCol), functions.col(labelCol).cast(DataTypes.DoubleType), weight);
    return selected.toJavaRDD().mapPartitionsWithIndex(CsrConversion::block, true);
  }

  private static Iterator<CsrBlock> block(Integer partition, Iterator<Row> rows) {
    CsrBlockBuilder builder = new CsrBlockBuilder();
    int[] denseIndices = new int[0];
    long position = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      position++;
      String rowId = "partition " + partition + ", row " + position;
      if (row.isNullAt(0) || row.isNullAt(1) || row.isNullAt(2)) {
        throw new IllegalArgumentException("Features, label and weight MUST NOT be null, but got " + row + " (" + rowId + ")");
      }
      Vector v = (Vector) row.get(0);
      double label = row.getDouble(1);
      double weight = row.getDouble(2);
      if (v instanceof SparseVector) {
        SparseVector sv = (SparseVector) v;
        builder.add(label, weight, sv.indices(), sv.values(), sv.indices().length, sv.size(), position);
      } else {
        double[] values = ((DenseVector) v).values();
        if (denseIndices.length < values.length) {
          denseIndices = new int[values.length];
          for (int j = 0; j < values.length; j++) {
            denseIndices[j] = j;
          }
        }
        builder.add(label, weight, denseIndices, values, values.length, values.length, position);
      }
    }
    return Collections.singletonList(builder.build()).iterator();
  }
}
