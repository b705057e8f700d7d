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
    return toBlocks(dataset, featuresCol, labelCol, weightCol, "");
  }

  /**
   * As {@link #toBlocks(Dataset, String, String, String)}, with each entry's field from
   * {@code fieldsCol} (array&lt;int&gt;, one per vector entry, as {@code CtrFeaturizer} and the libffm
   * reader write it; empty for none). Sparse vectors only when fields are given.
   */
  public static JavaRDD<CsrBlock> toBlocks(
      Dataset<?> dataset, String featuresCol, String labelCol, String weightCol, String fieldsCol) {
    return toBlocks(dataset, featuresCol, labelCol, weightCol, fieldsCol, "");
  }

  /**
   * As {@link #toBlocks(Dataset, String, String, String, String)}, marking the rows whose
   * {@code validationIndicatorCol} (boolean, MLlib's GBT convention) is true as validation rows (empty: none).
   */
  public static JavaRDD<CsrBlock> toBlocks(Dataset<?> dataset, String featuresCol, String labelCol, String weightCol,
      String fieldsCol, String validationIndicatorCol) {
    Column weight = weightCol.isEmpty() ? functions.lit(1.0) : functions.col(weightCol).cast(DataTypes.DoubleType);
    Column fields = fieldsCol.isEmpty() ? functions.lit(null).cast(DataTypes.createArrayType(DataTypes.IntegerType))
        : functions.col(fieldsCol);
    Column indicator = validationIndicatorCol.isEmpty() ? functions.lit(false)
        : functions.col(validationIndicatorCol).cast(DataTypes.BooleanType);
    Dataset<Row> selected = dataset.select(
        functions.col(featuresCol), functions.col(labelCol).cast(DataTypes.DoubleType), weight, fields, indicator);
    final boolean withFields = !fieldsCol.isEmpty();
    final String indicatorName = validationIndicatorCol;
    return selected.toJavaRDD()
        .mapPartitionsWithIndex((partition, rows) -> block(partition, rows, withFields, indicatorName), true);
  }

  private static Iterator<CsrBlock> block(Integer partition, Iterator<Row> rows, boolean withFields,
      String indicatorName) {
    CsrBlockBuilder builder = new CsrBlockBuilder();
    int[] denseIndices = new int[0];
    int[] rowFields = new int[0];
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
      if (withFields) {
        if (row.isNullAt(3) || !(v instanceof SparseVector)) {
          throw new IllegalArgumentException("A field-aware model needs a sparse features vector and its fields"
              + " array, but got " + (row.isNullAt(3) ? "no fields" : "a dense vector") + " (" + rowId + ")");
        }
        SparseVector sv = (SparseVector) v;
        scala.collection.Seq<Object> seq = row.getSeq(3);
        final int nnz = sv.indices().length;
        if (seq.size() != nnz) {
          throw new IllegalArgumentException("The fields array MUST have one field per vector entry (" + nnz
              + "), but has " + seq.size() + " (" + rowId + ")");
        }
        if (rowFields.length < nnz) {
          rowFields = new int[Math.max(nnz, 2 * rowFields.length)];
        }
        for (int p = 0; p < nnz; p++) {
          rowFields[p] = (Integer) seq.apply(p);
        }
        builder.add(label, weight, sv.indices(), sv.values(), rowFields, nnz, sv.size(), position);
      } else if (v instanceof SparseVector) {
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
      if (row.isNullAt(4)) {
        throw new IllegalArgumentException("The validation indicator column '" + indicatorName
            + "' MUST NOT be null, but is null (" + rowId + ")");
      }
      if (row.getBoolean(4)) {
        builder.markLastAsValidation();
      }
    }
    return Collections.singletonList(builder.build()).iterator();
  }
}
