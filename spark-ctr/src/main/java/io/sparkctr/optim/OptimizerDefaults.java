package io.sparkctr.optim;

/**
 * The step size each optimizer starts from when the user sets none. One number cannot suit every
 * optimizer (plain SGD wants about a tenth of AdaGrad's rate, Adam a hundredth) nor every model (a
 * factorization machine's interactions want smaller steps than logistic regression's weights), so the
 * {@code stepSize}, {@code alpha} and {@code gamma} Params default to 0, "the optimizer's own for this
 * model", and read it here. The values come from {@code scripts/bench-defaults} over the Criteo, Avazu and
 * xLearn samples and synthetic sets of other shapes, sizes and base rates (README, "Defaults"): for each
 * model and optimizer, the step of the grid x1/10 .. x10 whose best epoch came closest to the best of the
 * grid on every data set. The online optimizers' values live in their {@link OptimizerRegistry} entries.
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
    final double[] byModel = OptimizerRegistry.get(optimizer).defaultSteps();
    return byModel[m];
  }
}
