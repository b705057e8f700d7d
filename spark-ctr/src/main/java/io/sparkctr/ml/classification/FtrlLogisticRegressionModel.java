package io.sparkctr.ml.classification;

import io.sparkctr.ml.internal.DataFileModelIO;
import io.sparkctr.models.lr.LinearModel;
import io.sparkctr.models.lr.LinearModelCodec;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained FTRL logistic regression. Adds {@code rawPredictionCol} = [-margin, margin],
 * {@code probabilityCol} = [1 - p, p] and {@code predictionCol} = (p &gt; threshold ? 1 : 0), the
 * columns MLlib's classifiers emit, so {@code BinaryClassificationEvaluator} works unchanged. Scoring
 * is {@link LinearModel}'s; this class only wires it into DataFrames. Saved as Spark metadata plus
 * {@code data/model.bin} in {@link LinearModelCodec}'s format (nonzero weights only).
 */
public final class FtrlLogisticRegressionModel extends Model<FtrlLogisticRegressionModel>
    implements FtrlLogisticRegressionParams, CtrClassifierModel, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String DATA_FILE = "data/model.bin";

  private final String uid;
  private final SparseOnlineParamSet p;
  private final LinearModel model;

  /** For Spark's reader only: a model with no weights until its data is loaded. */
  public FtrlLogisticRegressionModel(String uid) {
    this(uid, new LinearModel(new double[0], 0.0));
  }

  public FtrlLogisticRegressionModel(String uid, LinearModel model) {
    this.uid = uid;
    this.model = model;
    this.p = new SparseOnlineParamSet(this);
  }

  @Override public String uid() { return uid; }
  @Override public SparseOnlineParamSet sparseOnlineParams() { return p; }

  public FtrlLogisticRegressionModel setFeaturesCol(String value) { set(p.classifier.featuresCol, value); return this; }
  public FtrlLogisticRegressionModel setPredictionCol(String value) { set(p.classifier.predictionCol, value); return this; }
  public FtrlLogisticRegressionModel setProbabilityCol(String value) { set(p.classifier.probabilityCol, value); return this; }
  public FtrlLogisticRegressionModel setRawPredictionCol(String value) { set(p.classifier.rawPredictionCol, value); return this; }
  public FtrlLogisticRegressionModel setThreshold(double value) { set(p.classifier.threshold, value); return this; }

  /** The learned weights (engine-side model, usable without Spark). */
  public LinearModel linearModel() {
    return model;
  }

  @Override
  public int numFeatures() {
    return model.numFeatures();
  }

  @Override
  public long nonzeroParameters() {
    return model.numNonzeros();
  }

  @Override
  public io.sparkctr.models.FeatureIndex featureIndex() {
    return model.featureIndex();
  }

  @Override
  public int nonzeroEmbeddingRows() {
    return 0;
  }

  public double intercept() {
    return model.intercept();
  }

  /** Features with a nonzero weight. */
  public int numNonzeros() {
    return model.numNonzeros();
  }


  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireVector(schema, getFeaturesCol());
    return outputSchema(schema, this);
  }

  static StructType outputSchema(StructType schema, SparseOnlineParams params) {
    return PredictionColumns.outputSchema(schema, params);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final Broadcast<LinearModel> bc = dataset.sparkSession().sparkContext()
        .broadcast(model, scala.reflect.ClassTag$.MODULE$.apply(LinearModel.class));
    UserDefinedFunction marginUdf = functions.udf(
        (UDF1<Vector, Double>) v -> margin(bc.value(), v), DataTypes.DoubleType);
    return PredictionColumns.append(dataset, marginUdf.apply(functions.col(getFeaturesCol())), this, uid);
  }

  /** The margin of a row; features the model has no row for (unseen in training) add nothing. */
  private static double margin(LinearModel model, Vector v) {
    if (v instanceof SparseVector) {
      SparseVector sv = (SparseVector) v;
      return model.margin(sv.indices(), sv.values(), 0, sv.indices().length);
    }
    double[] values = ((DenseVector) v).values();
    double m = model.intercept();
    for (int j = 0; j < values.length; j++) {
      m += model.weight(j) * values[j];
    }
    return m;
  }

  @Override
  public FtrlLogisticRegressionModel copy(ParamMap extra) {
    FtrlLogisticRegressionModel copy = new FtrlLogisticRegressionModel(uid, model);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return DataFileModelIO.writer(this, DATA_FILE, out -> LinearModelCodec.write(model, out));
  }

  public static MLReader<FtrlLogisticRegressionModel> read() {
    return DataFileModelIO.reader(FtrlLogisticRegressionModel.class, DATA_FILE, LinearModelCodec::read, FtrlLogisticRegressionModel::new);
  }

  public static FtrlLogisticRegressionModel load(String path) {
    return read().load(path);
  }
}
