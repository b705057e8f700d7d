package io.sparkctr.optim.dense;

/**
 * What every {@link DenseOptimizer} keeps besides its own state, written once: the layout, the sparse
 * and dense learning rates, and the global step counter, with their accessors and checks.
 */
abstract class SteppedDenseOptimizer implements DenseOptimizer {
  private static final long serialVersionUID = 1L;

  /** The optimizer's name in error messages. */
  private final String name;
  protected final ParameterLayout layout;
  protected double sparseLearningRate;
  protected double denseLearningRate;
  /** Steps taken; a step increments it before using it (bias correction, schedules). */
  protected long t;

  SteppedDenseOptimizer(String name, ParameterLayout layout, double sparseLearningRate, double denseLearningRate) {
    this.name = name;
    this.layout = layout;
    setLearningRates(sparseLearningRate, denseLearningRate);
  }

  /** A copy of {@code o}'s layout, rates and step counter. */
  SteppedDenseOptimizer(SteppedDenseOptimizer o) {
    this.name = o.name;
    this.layout = o.layout;
    this.sparseLearningRate = o.sparseLearningRate;
    this.denseLearningRate = o.denseLearningRate;
    this.t = o.t;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public long steps() {
    return t;
  }

  @Override
  public void setSteps(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps MUST be >= 0, but got " + steps);
    }
    t = steps;
  }

  @Override
  public double sparseLearningRate() {
    return sparseLearningRate;
  }

  @Override
  public double denseLearningRate() {
    return denseLearningRate;
  }

  @Override
  public void setLearningRates(double sparseLearningRate, double denseLearningRate) {
    DenseChecks.learningRate(name, "sparseLearningRate", sparseLearningRate);
    DenseChecks.learningRate(name, "denseLearningRate", denseLearningRate);
    this.sparseLearningRate = sparseLearningRate;
    this.denseLearningRate = denseLearningRate;
  }
}
