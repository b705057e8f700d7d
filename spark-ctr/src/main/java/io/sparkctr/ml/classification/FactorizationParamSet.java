package io.sparkctr.ml.classification;

import io.sparkctr.ml.param.CtrParams;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The factorization-machine params (on top of {@link SparseOnlineParamSet}'s), built once per stage with their
 * defaults. MLlib's FMClassifier names and defaults where the meaning matches.
 */
public final class FactorizationParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  final IntParam factorSize;
  final DoubleParam initStd;
  final BooleanParam fitLinear;
  final Param<String> fieldsCol;

  /**
   * Call from the stage's (String uid) constructor, after its uid is set.
   *
   * @param withFieldsCol whether the stage has a public {@code fieldsCol()} (field-aware estimator,
   *     and the model); Spark only lets a stage own the params its public methods return
   * @param defaultFactorSize k's default: 8 for FM (MLlib's FMClassifier), 4 for FFM (libffm's and xLearn's:
   *     an FFM feature has one k-row per field, so the same k costs F times FM's memory)
   */
  FactorizationParamSet(Params owner, boolean withFieldsCol, int defaultFactorSize) {
    factorSize = CtrParams.factorSize(owner, defaultFactorSize);
    initStd = CtrParams.initStd(owner);
    fitLinear = CtrParams.fitLinear(owner);
    fieldsCol = withFieldsCol ? CtrParams.fieldsCol(owner) : null;
    owner.setDefault(factorSize, defaultFactorSize);
    owner.setDefault(initStd, 0.01);
    owner.setDefault(fitLinear, true);
    if (fieldsCol != null) {
      owner.setDefault(fieldsCol, "fields");
    }
  }
}
