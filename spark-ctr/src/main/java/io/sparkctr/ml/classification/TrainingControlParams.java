package io.sparkctr.ml.classification;

import io.sparkctr.train.StoppingRule;
import io.sparkctr.train.ValidationSplit;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * How long a spark-ctr estimator trains and on which rows it validates: {@code maxIter} epochs at most,
 * stopped early on validation rows ({@code validationIndicatorCol}, or {@code validationFraction} of the
 * training rows by {@code validationSplit}) after {@code earlyStoppingPatience} epochs without a
 * {@code tol} improvement of {@code validationMetric}, returning the best epoch's model; without validation
 * rows, stopped when the training loss improves by less than {@code tol}.
 */
public interface TrainingControlParams extends Params {
  /** The stage's own param objects. */
  TrainingControlParamSet trainingControl();

  int getMaxIter();

  long getSeed();

  default Param<String> validationIndicatorCol() {
    return trainingControl().validationIndicatorCol;
  }

  default String getValidationIndicatorCol() {
    return $(validationIndicatorCol());
  }

  default DoubleParam validationFraction() {
    return trainingControl().validationFraction;
  }

  default double getValidationFraction() {
    return (Double) $(validationFraction());
  }

  default Param<String> validationSplit() {
    return trainingControl().validationSplit;
  }

  default String getValidationSplit() {
    return $(validationSplit());
  }

  default DoubleParam tol() {
    return trainingControl().tol;
  }

  default double getTol() {
    return (Double) $(tol());
  }

  default IntParam earlyStoppingPatience() {
    return trainingControl().earlyStoppingPatience;
  }

  default int getEarlyStoppingPatience() {
    return (Integer) $(earlyStoppingPatience());
  }

  default DoubleParam stepSizeDecay() {
    return trainingControl().stepSizeDecay;
  }

  default double getStepSizeDecay() {
    return (Double) $(stepSizeDecay());
  }

  default Param<String> validationMetric() {
    return trainingControl().validationMetric;
  }

  default String getValidationMetric() {
    return $(validationMetric());
  }

  /** Which rows these params hold out: the indicator column's, a fraction's, or none. */
  default ValidationSplit heldOutRows() {
    if (!getValidationIndicatorCol().isEmpty()) {
      return new ValidationSplit("indicator", 0.0, getSeed());
    }
    if (getValidationFraction() > 0) {
      return new ValidationSplit(getValidationSplit(), getValidationFraction(), getSeed());
    }
    return ValidationSplit.NONE;
  }

  /** The stopping rule these params give, with the mini-batch optimizers' step-size decay. */
  default StoppingRule stoppingRule() {
    return new StoppingRule(getMaxIter(), getTol(), getEarlyStoppingPatience(), getValidationMetric(),
        getStepSizeDecay());
  }
}
