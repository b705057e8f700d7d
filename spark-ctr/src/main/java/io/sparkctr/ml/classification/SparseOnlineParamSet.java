package io.sparkctr.ml.classification;

import io.sparkctr.ml.param.CtrParams;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params of {@link SparseOnlineParams} (logistic regression and the factorization machines, estimators
 * and models), built once per stage (Spark params belong to one parent uid) from the shared definitions in
 * {@link CtrParams}, with their defaults.
 */
public final class SparseOnlineParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;


  final Param<String> optimizer;
  final BooleanParam refit;
  final DoubleParam stepSize;
  final Param<String> schedule;
  final DoubleParam theta;
  final IntParam truncationPeriod;
  final DoubleParam gamma;
  final DoubleParam rho;
  final DoubleParam alpha;
  final DoubleParam beta;
  final DoubleParam l1;
  final DoubleParam l2;
  final DoubleParam l21;
  final DoubleParam initialAccumulator;
  final ClassifierParamSet classifier;
  final TrainingControlParamSet control;

  /** Call from the stage's (String uid) constructor, after its uid is set. */
  SparseOnlineParamSet(Params owner) {
    optimizer = CtrParams.optimizer(owner);
    refit = CtrParams.refit(owner);
    stepSize = CtrParams.stepSize(owner);
    schedule = CtrParams.schedule(owner);
    theta = CtrParams.theta(owner);
    truncationPeriod = CtrParams.truncationPeriod(owner);
    gamma = CtrParams.gamma(owner);
    rho = CtrParams.rho(owner);
    alpha = CtrParams.alpha(owner);
    beta = CtrParams.beta(owner);
    l1 = CtrParams.l1(owner);
    l2 = CtrParams.l2(owner);
    l21 = CtrParams.l21(owner);
    initialAccumulator = CtrParams.initialAccumulator(owner);
    classifier = new ClassifierParamSet(owner, FtrlLogisticRegression.class);
    control = new TrainingControlParamSet(owner);

    owner.setDefault(optimizer, "ftrl");
    owner.setDefault(refit, false);
    owner.setDefault(stepSize, 0.0);
    owner.setDefault(schedule, "constant");
    owner.setDefault(theta, 0.0);
    owner.setDefault(truncationPeriod, 10);
    owner.setDefault(gamma, 0.0);
    owner.setDefault(rho, 0.0);
    owner.setDefault(alpha, 0.0);
    owner.setDefault(beta, 1.0);
    owner.setDefault(l1, 0.0);
    owner.setDefault(l2, 0.0);
    owner.setDefault(l21, 0.0);
    owner.setDefault(initialAccumulator, 0.1);
  }
}
