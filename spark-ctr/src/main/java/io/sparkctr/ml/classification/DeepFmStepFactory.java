package io.sparkctr.ml.classification;

import io.sparkctr.optim.dense.AdaGradStep;
import io.sparkctr.optim.dense.AdamStep;
import io.sparkctr.optim.dense.BatchStep;
import io.sparkctr.optim.dense.DenseOptimizer;
import io.sparkctr.optim.dense.GroupAdamStep;
import io.sparkctr.optim.dense.HelenStep;
import io.sparkctr.optim.dense.ParameterLayout;
import io.sparkctr.optim.dense.PlainStep;
import io.sparkctr.optim.dense.SamStep;
import io.sparkctr.optim.dense.SgdStep;
import io.sparkctr.train.DeepFmTrainingConfig;

/**
 * The {@code optimizer} Param of the DeepFM estimator as the engine's step factory: sgd, adagrad and
 * adam step plainly; sam (Foret et al., ICLR 2021) and helen (Zhu et al., WWW 2024) wrap Adam, as
 * Helen's official code does; groupAdam (tfplus's GroupAdam) zeroes whole embedding rows. Wiring only: the math is in {@code io.sparkctr.optim.dense}.
 */
final class DeepFmStepFactory implements DeepFmTrainingConfig.StepFactory {
  private static final long serialVersionUID = 1L;

  private final String optimizer;
  private final double learningRate;
  private final double rho;
  private final double zeta;
  private final boolean netPerturbation;
  private final boolean officialCode;
  /** Helen: each feature's field, the model's fields, and (paper mode) each feature's scale of the radius. */
  private final int[] fieldOfFeature;
  private final int numFields;
  private final double[] scales;
  /** groupAdam: the L1 and group-lasso strengths. */
  private final double l1;
  private final double l21;

  DeepFmStepFactory(String optimizer, double learningRate, double rho, double zeta, boolean netPerturbation,
      boolean officialCode, int[] fieldOfFeature, double[] counts, double l1, double l21) {
    this.optimizer = optimizer;
    this.learningRate = learningRate;
    this.rho = rho;
    this.zeta = zeta;
    this.netPerturbation = netPerturbation;
    this.officialCode = officialCode;
    this.fieldOfFeature = fieldOfFeature;
    this.numFields = fieldOfFeature == null ? 0 : HelenStep.countFields(fieldOfFeature);
    // The paper's scales once per fit: a field's largest count is over every feature, not a task's
    this.scales = optimizer.equals("helen") && !officialCode ? HelenStep.paperScales(fieldOfFeature, counts, zeta) : null;
    this.l1 = l1;
    this.l21 = l21;
  }

  @Override
  public DenseOptimizer base(ParameterLayout parameters) {
    switch (optimizer) {
      case "sgd":
        return new SgdStep(parameters, learningRate, learningRate);
      case "adagrad":
        return new AdaGradStep(parameters, learningRate, learningRate);
      case "groupAdam":
        return new GroupAdamStep(parameters, learningRate, l1, l21);
      default: // adam, and the base of sam and helen
        return new AdamStep(parameters, learningRate, learningRate);
    }
  }

  @Override
  public BatchStep wrap(DenseOptimizer base, int[] rows) {
    switch (optimizer) {
      case "sam":
        return new SamStep(base, rho);
      case "helen":
        final int[] fields = rows == null ? fieldOfFeature : gather(fieldOfFeature, rows);
        return officialCode ? HelenStep.officialCode(base, rho, zeta, netPerturbation, fields, numFields)
            : HelenStep.withScales(base, rho, zeta, netPerturbation, fields, numFields,
                rows == null ? scales : gather(scales, rows));
      default:
        return new PlainStep(base);
    }
  }

  private static int[] gather(int[] values, int[] rows) {
    final int[] out = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      out[r] = values[rows[r]];
    }
    return out;
  }

  private static double[] gather(double[] values, int[] rows) {
    final double[] out = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      out[r] = values[rows[r]];
    }
    return out;
  }
}
