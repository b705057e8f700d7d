package io.sparkctr.ml.classification;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;

/**
 * Params of the factorization-machine estimators and their model: the logistic-regression and
 * optimizer params, plus factorSize, initStd and fitLinear.
 */
public interface FactorizationParams extends SparseOnlineParams {
  /** The stage's own factorization param objects. */
  FactorizationParamSet factorizationParams();

  default IntParam factorSize() {
    return factorizationParams().factorSize;
  }

  default int getFactorSize() {
    return (Integer) $(factorSize());
  }

  default DoubleParam initStd() {
    return factorizationParams().initStd;
  }

  default double getInitStd() {
    return (Double) $(initStd());
  }

  default BooleanParam fitLinear() {
    return factorizationParams().fitLinear;
  }

  default boolean getFitLinear() {
    return (Boolean) $(fitLinear());
  }
}
