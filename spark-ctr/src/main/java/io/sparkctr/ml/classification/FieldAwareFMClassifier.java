package io.sparkctr.ml.classification;

import io.sparkctr.ml.internal.ParamsReader;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/**
 * Field-aware factorization machine (Juan et al., RecSys 2016; libffm's model, see
 * {@link io.sparkctr.models.fm.FfmMargin}): one factor vector per (feature, field) pair. Needs each
 * features entry's field in {@code fieldsCol} (array&lt;int&gt;), as {@code CtrFeaturizer} and the
 * libffm reader write it; the number of fields is one more than the largest field seen in training.
 * Everything else (params, optimizers, distribution) as {@link FactorizationMachineClassifier} ({@link FactorizationClassifierBase}).
 */
public final class FieldAwareFMClassifier extends FactorizationClassifierBase<FieldAwareFMClassifier> {
  private static final long serialVersionUID = 1L;

  public FieldAwareFMClassifier() {
    this(Identifiable$.MODULE$.randomUID("ffmc"));
  }

  public FieldAwareFMClassifier(String uid) {
    super(uid, true);
  }

  public Param<String> fieldsCol() {
    return f.fieldsCol;
  }

  public String getFieldsCol() {
    return $(fieldsCol());
  }

  public FieldAwareFMClassifier setFieldsCol(String value) {
    set(f.fieldsCol, value);
    return this;
  }

  @Override
  boolean fieldAware() {
    return true;
  }

  @Override
  String fieldsColumn() {
    return getFieldsCol();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireIntArray(schema, getFieldsCol());
    return super.transformSchema(schema);
  }

  @Override
  public FieldAwareFMClassifier copy(ParamMap extra) {
    return (FieldAwareFMClassifier) defaultCopy(extra);
  }

  public static MLReader<FieldAwareFMClassifier> read() {
    return new ParamsReader<>(FieldAwareFMClassifier.class);
  }

  public static FieldAwareFMClassifier load(String path) {
    return read().load(path);
  }
}
