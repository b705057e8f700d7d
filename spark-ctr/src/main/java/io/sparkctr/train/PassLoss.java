package io.sparkctr.train;

/**
 * A pass's running training loss and what every pass computes per example from its margin: the probability,
 * the weighted log loss (one exponential and one log1p: with e = exp(-|m|), p = 1 / (1 + e) or e / (1 + e) and
 * log(1 + exp(+-m)) = max(+-m, 0) + log1p(e)), summed with Neumaier's compensation (an epoch adds many small
 * terms). One instance per pass.
 */
final class PassLoss {
  private double sum;
  private double compensation;
  private double weights;

  /** Adds an example of the given label (0..1) and weight at this margin; returns its probability. */
  double add(double margin, double label, double weight) {
    final double e = Math.exp(-Math.abs(margin));
    final double log1p = Math.log1p(e);
    final double loss = weight * ((1.0 - label) * (Math.max(margin, 0.0) + log1p)
        + label * (Math.max(-margin, 0.0) + log1p));
    final double t = sum + loss;
    compensation += Math.abs(sum) >= Math.abs(loss) ? (sum - t) + loss : (loss - t) + sum;
    sum = t;
    weights += weight;
    return margin >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  }

  double total() {
    return sum + compensation;
  }

  double weights() {
    return weights;
  }
}
