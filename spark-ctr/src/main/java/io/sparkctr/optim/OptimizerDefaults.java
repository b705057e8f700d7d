package io.sparkctr.optim;

/**
 * The step size each optimizer starts from when the user sets none. One number cannot suit every
 * optimizer (plain SGD wants about a tenth of AdaGrad's rate, Adam a hundredth) nor every model (a
 * factorization machine's interactions want smaller steps than logistic regression's weights), so the
 * {@code stepSize}, {@code alpha} and {@code gamma} Params default to 0, "the optimizer's own for this
 * model", and read it here. The values come from {@code scripts/bench-defaults} over the Criteo, Avazu and
 * xLearn samples and synthetic sets of other shapes, sizes and base rates (README, "Defaults"): for each
 * model and optimizer, the step of the grid x1/10 .. x10 whose best epoch came closest to the best of the
 * grid on every data set.
 */
public final class OptimizerDefaults {
  private OptimizerDefaults() {}

  /** The models whose online optimizers have their own defaults. */
  public static final String[] MODELS = {"lr", "fm", "ffm"};

  /**
   * The step size of an online optimizer for {@code model} (lr, fm or ffm): {@code alpha} for ftrl and
   * sparseGroupFtrl, {@code gamma} for rda (larger is smaller steps), {@code stepSize} for the others.
   */
  public static double stepSize(String model, String optimizer) {
    final int m = java.util.List.of(MODELS).indexOf(model);
    if (m < 0) {
      throw new IllegalArgumentException("model MUST be one of lr, fm, ffm, but got '" + model + "'");
    }
    final double[] byModel;
    switch (optimizer) {
      case "ftrl":
        byModel = new double[] {0.1, 0.03, 0.1};
        break;
      case "sparseGroupFtrl":
        byModel = new double[] {0.05, 0.015, 0.05};
        break;
      case "rda":
        byModel = new double[] {1.0, 3.0, 1.0};
        break;
      case "adagrad":
        byModel = new double[] {0.1, 0.03, 0.1};
        break;
      case "groupAdam":
        byModel = new double[] {0.001, 1e-4, 3e-4};
        break;
      case "sgd":
      case "l1sgd":
      case "fobos":
      case "tg":
      case "truncation":
        byModel = new double[] {0.015, 0.005, 0.015};
        break;
      default:
        throw new IllegalArgumentException("No default step size for optimizer '" + optimizer + "'");
    }
    return byModel[m];
  }

  /** DeepFM's learning rate (embeddings and network alike) per mini-batch optimizer. */
  public static double deepFmStepSize(String optimizer) {
    switch (optimizer) {
      case "adam":
      case "sam":
      case "groupAdam":
        return 1e-3;
      case "helen":
        return 3e-3;
      case "adagrad":
        return 0.01;
      case "sgd":
        return 0.15;
      default:
        throw new IllegalArgumentException("No default DeepFM step size for optimizer '" + optimizer + "'");
    }
  }
}
