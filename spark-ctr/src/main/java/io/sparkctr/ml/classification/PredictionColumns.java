package io.sparkctr.ml.classification;

import io.sparkctr.metrics.Numerics;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The output columns every spark-ctr classifier model adds, as MLlib's binary classifiers do, from a
 * margin column: {@code rawPredictionCol} = [-margin, margin], {@code probabilityCol} = [1 - p, p] and
 * {@code predictionCol} = (p &gt; threshold ? 1 : 0), so {@code BinaryClassificationEvaluator} works
 * unchanged. An empty column name skips that column.
 */
final class PredictionColumns {
  private PredictionColumns() {}

  /** An estimator's schema check: features vector, numeric label and weight; then the output columns. */
  static StructType trainingSchema(StructType schema, ClassifierColumnParams params) {
    SchemaChecks.requireVector(schema, params.getFeaturesCol());
    SchemaChecks.requireNumeric(schema, params.getLabelCol());
    if (!params.getWeightCol().isEmpty()) {
      SchemaChecks.requireNumeric(schema, params.getWeightCol());
    }
    return outputSchema(schema, params);
  }

  static StructType outputSchema(StructType schema, ClassifierColumnParams params) {
    StructType out = schema;
    if (!params.getRawPredictionCol().isEmpty()) {
      out = SchemaChecks.append(out, params.getRawPredictionCol(), SQLDataTypes.VectorType());
    }
    if (!params.getProbabilityCol().isEmpty()) {
      out = SchemaChecks.append(out, params.getProbabilityCol(), SQLDataTypes.VectorType());
    }
    if (!params.getPredictionCol().isEmpty()) {
      out = SchemaChecks.append(out, params.getPredictionCol(), DataTypes.DoubleType);
    }
    return out;
  }

  /**
   * Adds the output columns computed from {@code margin}.
   *
   * @param uid the model's uid, to name the temporary margin column uniquely
   */
  static Dataset<Row> append(Dataset<?> dataset, Column margin, ClassifierColumnParams params, String uid) {
    final double thresholdValue = params.getThreshold();
    UserDefinedFunction rawUdf = functions.udf(
        (UDF1<Double, Vector>) m -> Vectors.dense(-m, m), SQLDataTypes.VectorType());
    UserDefinedFunction probabilityUdf = functions.udf(
        (UDF1<Double, Vector>) m -> {
          double p = Numerics.sigmoid(m);
          return Vectors.dense(1.0 - p, p);
        }, SQLDataTypes.VectorType());
    UserDefinedFunction predictionUdf = functions.udf(
        (UDF1<Double, Double>) m -> Numerics.sigmoid(m) > thresholdValue ? 1.0 : 0.0, DataTypes.DoubleType);

    final String marginCol = "__sparkctr_margin_" + uid;
    Dataset<Row> out = dataset.withColumn(marginCol, margin);
    Column m = functions.col(marginCol);
    if (!params.getRawPredictionCol().isEmpty()) {
      out = out.withColumn(params.getRawPredictionCol(), rawUdf.apply(m));
    }
    if (!params.getProbabilityCol().isEmpty()) {
      out = out.withColumn(params.getProbabilityCol(), probabilityUdf.apply(m));
    }
    if (!params.getPredictionCol().isEmpty()) {
      out = out.withColumn(params.getPredictionCol(), predictionUdf.apply(m));
    }
    return out.drop(marginCol);
  }
}
