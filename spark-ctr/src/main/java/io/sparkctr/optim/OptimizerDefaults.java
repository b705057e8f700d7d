package io.sparkctr.optim;

/**
 * The step size each optimizer starts from when the user sets none: one number cannot suit them all (plain
 * SGD wants about a tenth of AdaGrad's rate, Adam a hundredth), so the {@code stepSize} and {@code alpha}
 * Params default to 0, "the optimizer's own", and read it here. The values come from
 * {@code scripts/bench-defaults} over the Criteo, Avazu and xLearn samples and synthetic sets (README,
 * "Defaults"), each the step whose early-stopped models came closest to the best of a grid over step size
 * and epochs on every data set.
 */
public final class OptimizerDefaults {
  private OptimizerDefaults() {}

  /**
   * The step size of an online optimizer of logistic regression, FM and FFM: {@code alpha} for ftrl and
   * sparseGroupFtrl, {@code stepSize} for the others (RDA has none: its {@code gamma} has a fixed default).
   */
  public static double stepSize(String optimizer) {
    switch (optimizer) {
      case "ftrl":
        return 0.1;
      case "sparseGroupFtrl":
        return 0.05;
      case "adagrad":
        return 0.1;
      case "groupAdam":
        return 0.001;
      case "sgd":
      case "l1sgd":
      case "fobos":
      case "tg":
      case "truncation":
        return 0.015;
      default:
        throw new IllegalArgumentException("No default step size for optimizer '" + optimizer + "'");
    }
  }

  /** DeepFM's learning rate (embeddings and network alike) per mini-batch optimizer. */
  public static double deepFmStepSize(String optimizer) {
    switch (optimizer) {
      case "adam":
      case "sam":
      case "helen":
      case "groupAdam":
        return 1e-3;
      case "adagrad":
        return 0.01;
      case "sgd":
        return 0.05;
      default:
        throw new IllegalArgumentException("No default DeepFM step size for optimizer '" + optimizer + "'");
    }
  }
}
