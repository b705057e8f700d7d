package io.sparkctr.ml.classification;

import io.sparkctr.ml.internal.ParamsReader;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;

/**
 * Factorization machine (Rendle, ICDM 2010) for binary classification with log loss: margin = b +
 * sum_j w_j x_j + sum_{i&lt;j} &lt;v_i, v_j&gt; x_i x_j ({@link io.sparkctr.models.fm.FmMargin}), trained by any
 * of spark-ctr's sparse online optimizers on the linear weights and the factors alike, distributed as
 * {@link FtrlLogisticRegression} is. Params, optimizers and training: {@link FactorizationClassifierBase}.
 * With {@code factorSize} 0 it is logistic regression.
 */
public final class FactorizationMachineClassifier extends FactorizationClassifierBase<FactorizationMachineClassifier> {
  private static final long serialVersionUID = 1L;

  public FactorizationMachineClassifier() {
    this(Identifiable$.MODULE$.randomUID("fmc"));
  }

  public FactorizationMachineClassifier(String uid) {
    super(uid, false);
  }

  @Override
  boolean fieldAware() {
    return false;
  }

  @Override
  String fieldsColumn() {
    return "";
  }

  @Override
  public FactorizationMachineClassifier copy(ParamMap extra) {
    return (FactorizationMachineClassifier) defaultCopy(extra);
  }

  public static MLReader<FactorizationMachineClassifier> read() {
    return new ParamsReader<>(FactorizationMachineClassifier.class);
  }

  public static FactorizationMachineClassifier load(String path) {
    return read().load(path);
  }
}
