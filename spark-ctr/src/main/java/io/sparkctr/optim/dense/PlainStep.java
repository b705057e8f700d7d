package io.sparkctr.optim.dense;

/** The base optimizer alone: one oracle evaluation at w, then the base step with that gradient. */
public final class PlainStep implements BatchStep {
  private final DenseOptimizer base;
  private final Evaluation evaluation;
  private int lastEvaluations;

  public PlainStep(DenseOptimizer base) {
    this.base = base;
    this.evaluation = new Evaluation(base.layout());
  }

  @Override
  public double step(double[] sparse, double[] dense, GradientOracle oracle) {
    base.layout().checkParameters(sparse, dense);
    lastEvaluations = 1;
    final double loss = evaluation.run(oracle, sparse, dense);
    base.step(sparse, dense, evaluation.sparseGrad, evaluation.denseGrad);
    return loss;
  }

  @Override
  public int lastEvaluations() {
    return lastEvaluations;
  }

  @Override
  public DenseOptimizer base() {
    return base;
  }

  @Override
  public PlainStep copy() {
    return new PlainStep(base.copy());
  }
}
