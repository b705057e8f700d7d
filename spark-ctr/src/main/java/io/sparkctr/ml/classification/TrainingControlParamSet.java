package io.sparkctr.ml.classification;

import io.sparkctr.ml.param.CtrParams;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params that say how long every spark-ctr estimator trains and on which rows it validates
 * (validation split, tolerance, patience, metric), built once per stage with their defaults. The
 * defaults come from {@code scripts/bench-defaults} (README, "Defaults").
 */
public final class TrainingControlParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Default held-out share of the training rows. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
  /** Default convergence tolerance. */
  public static final double DEFAULT_TOL = 1e-3;

  final Param<String> validationIndicatorCol;
  final DoubleParam validationFraction;
  final Param<String> validationSplit;
  final DoubleParam tol;
  final IntParam earlyStoppingPatience;
  final Param<String> validationMetric;
  final DoubleParam stepSizeDecay;

  /** Call from the stage's (String uid) constructor, after its uid is set. */
  TrainingControlParamSet(Params owner) {
    validationIndicatorCol = CtrParams.validationIndicatorCol(owner);
    validationFraction = CtrParams.validationFraction(owner, DEFAULT_VALIDATION_FRACTION);
    validationSplit = CtrParams.validationSplit(owner);
    tol = CtrParams.tol(owner, DEFAULT_TOL);
    earlyStoppingPatience = CtrParams.earlyStoppingPatience(owner);
    validationMetric = CtrParams.validationMetric(owner);
    stepSizeDecay = CtrParams.stepSizeDecay(owner);

    owner.setDefault(validationIndicatorCol, "");
    owner.setDefault(validationFraction, DEFAULT_VALIDATION_FRACTION);
    owner.setDefault(validationSplit, "random");
    owner.setDefault(tol, DEFAULT_TOL);
    owner.setDefault(earlyStoppingPatience, 2);
    owner.setDefault(validationMetric, "aucMinusLogLoss");
    owner.setDefault(stepSizeDecay, 0.1);
  }
}
