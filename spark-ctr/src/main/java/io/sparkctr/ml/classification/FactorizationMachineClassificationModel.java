package io.sparkctr.ml.classification;

import io.sparkctr.ml.internal.DataFileModelIO;
import io.sparkctr.ml.internal.FieldsBuffer;
import io.sparkctr.models.MappedRow;
import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.fm.FactorizationModel;
import io.sparkctr.models.fm.FactorizationModelCodec;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained FM or field-aware FM ({@link FactorizationMachineClassifier}, {@link FieldAwareFMClassifier}).
 * Adds the columns MLlib's classifiers emit (rawPrediction, probability, prediction), so
 * {@code BinaryClassificationEvaluator} works unchanged. Scoring is {@link FactorizationModel}'s; a
 * field-aware model also reads {@code fieldsCol}. Saved as Spark metadata plus {@code data/model.bin}
 * in {@link FactorizationModelCodec}'s format (nonzero weights and nonzero embedding rows only).
 */
public final class FactorizationMachineClassificationModel extends Model<FactorizationMachineClassificationModel>
    implements FactorizationParams, CtrClassifierModel, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String DATA_FILE = "data/model.bin";

  private final String uid;
  private final SparseOnlineParamSet p;
  private final FactorizationParamSet f;
  private final FactorizationModel model;

  /** For Spark's reader only: an empty model until its data is loaded. */
  public FactorizationMachineClassificationModel(String uid) {
    this(uid, new FactorizationModel(new FactorLayout(0, 1, 0, true, true), false, new double[1]));
  }

  public FactorizationMachineClassificationModel(String uid, FactorizationModel model) {
    this.uid = uid;
    this.model = model;
    this.p = new SparseOnlineParamSet(this);
    this.f = new FactorizationParamSet(this, true, 8);
  }

  @Override public String uid() { return uid; }
  @Override public SparseOnlineParamSet sparseOnlineParams() { return p; }
  @Override public FactorizationParamSet factorizationParams() { return f; }

  /** Field-aware models read each entry's field from this column; FM models ignore it. */
  public Param<String> fieldsCol() {
    return f.fieldsCol;
  }

  public String getFieldsCol() {
    return $(fieldsCol());
  }

  public FactorizationMachineClassificationModel setFeaturesCol(String value) { set(p.classifier.featuresCol, value); return this; }
  public FactorizationMachineClassificationModel setFieldsCol(String value) { set(f.fieldsCol, value); return this; }
  public FactorizationMachineClassificationModel setPredictionCol(String value) { set(p.classifier.predictionCol, value); return this; }
  public FactorizationMachineClassificationModel setProbabilityCol(String value) { set(p.classifier.probabilityCol, value); return this; }
  public FactorizationMachineClassificationModel setRawPredictionCol(String value) { set(p.classifier.rawPredictionCol, value); return this; }
  public FactorizationMachineClassificationModel setThreshold(double value) { set(p.classifier.threshold, value); return this; }

  /** The learned parameters (engine-side model, usable without Spark). */
  public FactorizationModel factorizationModel() {
    return model;
  }

  public boolean fieldAware() {
    return model.fieldAware();
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
    return model.numNonzeroEmbeddingRows();
  }

  /** Nonzero linear weights. */
  public int numNonzeroLinear() {
    return model.numNonzeroLinear();
  }

  /** Embedding rows (factor vectors) with at least one nonzero entry. */
  public int numNonzeroEmbeddingRows() {
    return model.numNonzeroEmbeddingRows();
  }

  /** Nonzero penalised parameters: linear weights and factor entries. */
  public long numNonzeros() {
    return model.numNonzeros();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireVector(schema, getFeaturesCol());
    if (model.fieldAware()) {
      SchemaChecks.requireIntArray(schema, getFieldsCol());
    }
    return PredictionColumns.outputSchema(schema, this);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final Broadcast<FactorizationModel> bc = dataset.sparkSession().sparkContext()
        .broadcast(model, scala.reflect.ClassTag$.MODULE$.apply(FactorizationModel.class));
    final Column margin;
    // Per task: each task deserializes its own copy of the closure, so its own scratch.
    final MappedRow scratch = new MappedRow();
    if (model.fieldAware()) {
      final FieldsBuffer buffer = new FieldsBuffer();
      UserDefinedFunction udf = functions.udf((UDF2<Vector, scala.collection.Seq<Object>, Double>) (v, fields) -> {
        SparseVector sv = sparse(v);
        int nnz = sv.indices().length;
        int[] rowFields = buffer.of(fields, nnz);
        return bc.value().margin(scratch, sv.indices(), sv.values(), rowFields, 0, nnz);
      }, DataTypes.DoubleType);
      margin = udf.apply(functions.col(getFeaturesCol()), functions.col(getFieldsCol()));
    } else {
      UserDefinedFunction udf = functions.udf((UDF1<Vector, Double>) v -> {
        SparseVector sv = sparse(v);
        return bc.value().margin(scratch, sv.indices(), sv.values(), null, 0, sv.indices().length);
      }, DataTypes.DoubleType);
      margin = udf.apply(functions.col(getFeaturesCol()));
    }
    return PredictionColumns.append(dataset, margin, this, uid);
  }

  private static SparseVector sparse(Vector v) {
    return v instanceof SparseVector ? (SparseVector) v : ((DenseVector) v).toSparse();
  }

  @Override
  public FactorizationMachineClassificationModel copy(ParamMap extra) {
    FactorizationMachineClassificationModel copy = new FactorizationMachineClassificationModel(uid, model);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return DataFileModelIO.writer(this, DATA_FILE, out -> FactorizationModelCodec.write(model, out));
  }

  public static MLReader<FactorizationMachineClassificationModel> read() {
    return DataFileModelIO.reader(FactorizationMachineClassificationModel.class, DATA_FILE, FactorizationModelCodec::read, FactorizationMachineClassificationModel::new);
  }

  public static FactorizationMachineClassificationModel load(String path) {
    return read().load(path);
  }
}
