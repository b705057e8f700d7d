package io.sparkctr.ml.classification;

import io.sparkctr.ml.internal.DataFileModelIO;
import io.sparkctr.ml.internal.FieldsBuffer;
import io.sparkctr.models.deepfm.DeepFmLayout;
import io.sparkctr.models.deepfm.DeepFmModel;
import io.sparkctr.models.deepfm.DeepFmModelCodec;
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
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained DeepFM ({@link DeepFmClassifier}). Adds MLlib's classifier columns; scoring is
 * {@link DeepFmModel}'s. Saved as Spark metadata plus {@code data/model.bin} in
 * {@link DeepFmModelCodec}'s format (embedding rows with a nonzero entry, the dense layers whole).
 */
public final class DeepFmClassificationModel extends Model<DeepFmClassificationModel>
    implements DeepFmParams, CtrClassifierModel, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String DATA_FILE = "data/model.bin";

  private final String uid;
  private final DeepFmParamSet p;
  private final DeepFmModel model;

  /** For Spark's reader only: an empty model until its data is loaded. */
  public DeepFmClassificationModel(String uid) {
    this(uid, new DeepFmModel(new DeepFmLayout(1, 1, 1, new int[0], true), new double[2], new double[1]));
  }

  public DeepFmClassificationModel(String uid, DeepFmModel model) {
    this.uid = uid;
    this.model = model;
    this.p = new DeepFmParamSet(this);
  }

  @Override public String uid() { return uid; }
  @Override public DeepFmParamSet deepFmParams() { return p; }

  public DeepFmClassificationModel setFeaturesCol(String value) { set(p.classifier.featuresCol, value); return this; }
  public DeepFmClassificationModel setFieldsCol(String value) { set(p.fieldsCol, value); return this; }
  public DeepFmClassificationModel setPredictionCol(String value) { set(p.classifier.predictionCol, value); return this; }
  public DeepFmClassificationModel setProbabilityCol(String value) { set(p.classifier.probabilityCol, value); return this; }
  public DeepFmClassificationModel setRawPredictionCol(String value) { set(p.classifier.rawPredictionCol, value); return this; }
  public DeepFmClassificationModel setThreshold(double value) { set(p.classifier.threshold, value); return this; }

  /** The learned parameters (engine-side model, usable without Spark). */
  public DeepFmModel deepFmModel() {
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
    return model.numNonzeroEmbeddingRows();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireVector(schema, getFeaturesCol());
    SchemaChecks.requireIntArray(schema, getFieldsCol());
    return PredictionColumns.outputSchema(schema, this);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final Broadcast<DeepFmModel> bc = dataset.sparkSession().sparkContext()
        .broadcast(model, scala.reflect.ClassTag$.MODULE$.apply(DeepFmModel.class));
    // Per task: each task deserializes its own copy of the closure, so its own scorer (scratch); the
    // broadcast parameters are shared by the executor's tasks, read only.
    final DeepFmModel.Scorer[] local = {null};
    final FieldsBuffer buffer = new FieldsBuffer();
    UserDefinedFunction udf = functions.udf((UDF2<Vector, scala.collection.Seq<Object>, Double>) (v, fields) -> {
      if (local[0] == null) {
        local[0] = bc.value().scorer();
      }
      SparseVector sv = v instanceof SparseVector ? (SparseVector) v : ((DenseVector) v).toSparse();
      int nnz = sv.indices().length;
      int[] rowFields = buffer.of(fields, nnz);
      return local[0].margin(sv.indices(), sv.values(), rowFields, 0, nnz);
    }, DataTypes.DoubleType);
    return PredictionColumns.append(dataset,
        udf.apply(functions.col(getFeaturesCol()), functions.col(getFieldsCol())), this, uid);
  }

  @Override
  public DeepFmClassificationModel copy(ParamMap extra) {
    return copyValues(new DeepFmClassificationModel(uid, model), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return DataFileModelIO.writer(this, DATA_FILE, out -> DeepFmModelCodec.write(model, out));
  }

  public static MLReader<DeepFmClassificationModel> read() {
    return DataFileModelIO.reader(DeepFmClassificationModel.class, DATA_FILE, DeepFmModelCodec::read,
        DeepFmClassificationModel::new);
  }

  public static DeepFmClassificationModel load(String path) {
    return read().load(path);
  }
}
