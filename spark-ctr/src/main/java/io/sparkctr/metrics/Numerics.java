package io.sparkctr.metrics;

/** Placeholder until the data branch lands (replaced by its version at merge). */
public final class Numerics {
  private Numerics() {}

  public static double sigmoid(double margin) {
    return margin >= 0 ? 1.0 / (1.0 + Math.exp(-margin)) : Math.exp(margin) / (1.0 + Math.exp(margin));
  }

  public static double log1pExp(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  public static double logisticLoss(double margin, double label) {
    return log1pExp(margin) - label * margin;
  }
}
