package io.sparkctr.ml.feature;

import io.sparkctr.featurize.FieldLayout;
import io.sparkctr.featurize.Vocabulary;
import io.sparkctr.ml.internal.ParamsReader;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Field-aware one-hot featurization of raw categorical columns for CTR models.
 *
 * <p>Every input column is a field (an hour column two); see {@link FieldLayout} for how raw
 * tokens become feature tokens (Criteo numeric binning, Avazu hour expansion, null as ""). Each
 * field contributes exactly one feature with value 1.0 per row. Indices:
 * <ul>
 *   <li>{@code encoding = "hash"} (default): {@link io.sparkctr.featurize.FieldHashing} into
 *       {@code 2^numBits}; fit reads no data. Two fields of one row that hash to the same index
 *       give one entry whose value is the number of fields that collided (values are summed, as
 *       Spark's FeatureHasher does), and {@code fieldsCol} keeps the lowest field index.</li>
 *   <li>{@code encoding = "vocab"}: a {@link Vocabulary} built from the feature counts of the
 *       training data ({@link FeatureCounts}) or of the table at {@code countsPath}; field f
 *       occupies a contiguous block starting with its OOV index. Every row has exactly one index
 *       per field, so nnz = numFields.</li>
 * </ul>
 */
public final class CtrFeaturizer extends Estimator<CtrFeaturizerModel>
    implements CtrFeaturizerParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final FeaturizerParamSet p;

  public CtrFeaturizer() {
    this(Identifiable$.MODULE$.randomUID("ctrFeaturizer"));
  }

  /** Required by copy and the reader. */
  public CtrFeaturizer(String uid) {
    this.uid = uid; // before any Param is created
    this.p = new FeaturizerParamSet(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public FeaturizerParamSet featurizerParams() {
    return p;
  }


  public CtrFeaturizer setInputCols(String... value) { set(p.inputCols, value); return this; }
  public CtrFeaturizer setNumericCols(String... value) { set(p.numericCols, value); return this; }
  public CtrFeaturizer setHourCols(String... value) { set(p.hourCols, value); return this; }
  public CtrFeaturizer setEncoding(String value) { set(p.encoding, value); return this; }
  public CtrFeaturizer setNumBits(int value) { set(p.numBits, value); return this; }
  public CtrFeaturizer setMinCount(long value) { set(p.minCount, value); return this; }
  public CtrFeaturizer setCountsPath(String value) { set(p.countsPath, value); return this; }
  public CtrFeaturizer setOutputCol(String value) { set(p.outputCol, value); return this; }
  public CtrFeaturizer setFieldsCol(String value) { set(p.fieldsCol, value); return this; }
  public CtrFeaturizer setHandleInvalid(String value) { set(p.handleInvalid, value); return this; }

  @Override
  public CtrFeaturizerModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    final FieldLayout layout = buildFieldLayout();
    Vocabulary vocabulary = null;
    if (FeaturizerParamSet.VOCAB.equals(getEncoding())) {
      final Dataset<Row> counts = getCountsPath().isEmpty()
          ? FeatureCounts.compute(dataset, layout, getHandleInvalid())
          : FeatureCounts.read(dataset.sparkSession(), getCountsPath());
      vocabulary = FeatureCounts.toVocabulary(counts, layout, getMinCount());
    }
    final CtrFeaturizerModel model = new CtrFeaturizerModel(uid, vocabulary);
    copyValues(model, extractParamMap());
    model.setParent(this);
    return model;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return CtrFeaturizerModel.outputSchema(this, schema, buildFieldLayout(), -1);
  }

  @Override
  public CtrFeaturizer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<CtrFeaturizer> read() {
    return new ParamsReader<>(CtrFeaturizer.class);
  }

  public static CtrFeaturizer load(String path) {
    return read().load(path);
  }
}
