package io.sparkctr.optim;

import io.sparkctr.optim.schedule.LearningRateSchedule;

/**
 * What the step-counted weight optimizers (SGD, L1-SGD, truncation, truncated gradient, FOBOS) share:
 * the weights, the learning rate eta0 and its schedule, the regularized range and the global step
 * counter. Each subclass adds its own lazy catch-up bookkeeping and update rule.
 */
public abstract class SteppedWeightOptimizer implements WeightAveraging {
  private static final long serialVersionUID = 1L;

  protected final double eta0;
  protected final LearningRateSchedule schedule;
  protected final int numRegularized;
  /** The weights; a coordinate is current once {@link #weight(int)} has caught it up. */
  protected final double[] w;
  /** Steps ended so far. */
  protected long t;

  /** A zero start over {@code dimension} coordinates, {@code [0, numRegularized)} penalised. */
  protected SteppedWeightOptimizer(double eta0, LearningRateSchedule schedule, int dimension, int numRegularized) {
    OptimizerChecks.checkLayout(dimension, numRegularized);
    this.eta0 = eta0;
    this.schedule = schedule;
    this.numRegularized = numRegularized;
    this.w = new double[dimension];
  }

  /** A copy of {@code o}'s shared state (its weights cloned). */
  protected SteppedWeightOptimizer(SteppedWeightOptimizer o) {
    this.eta0 = o.eta0;
    this.schedule = o.schedule;
    this.numRegularized = o.numRegularized;
    this.w = o.w.clone();
    this.t = o.t;
  }

  /**
   * A fresh optimizer at {@code factor} times this one's step size, starting from this one's current weights
   * (every coordinate caught up, so the restart is exact): a step-size decay between epochs (the
   * {@code stepSizeDecay} on a validation plateau). The step counter restarts, and with it the period of the
   * truncating optimizers' every-k-steps truncation. Only for the constant schedule ({@link #decays()}):
   * invSqrt already decays, and restarting it would raise the rate.
   */
  public abstract SteppedWeightOptimizer withStepSizeScaled(double factor);

  /** Whether {@link #withStepSizeScaled} applies: the constant schedule. */
  public final boolean decays() {
    return schedule == LearningRateSchedule.CONSTANT;
  }

  /** Every coordinate's current weight (O(dimension)), for {@link #withStepSizeScaled}. */
  protected final double[] currentWeights() {
    final double[] out = new double[w.length];
    weights(out);
    return out;
  }

  /** Copies a warm start (already checked to have the dimension's length) into the weights. */
  protected final void startFrom(double[] initialWeights) {
    System.arraycopy(initialWeights, 0, w, 0, initialWeights.length);
  }

  /** Steps ended so far. */
  public final long steps() {
    return t;
  }

  @Override
  public final int dimension() {
    return w.length;
  }

  @Override
  public final int numRegularized() {
    return numRegularized;
  }

  @Override
  public final void weights(double[] out) {
    OptimizerChecks.checkBuffer(w.length, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = weight(i);
    }
  }
}
