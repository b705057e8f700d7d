package io.sparkctr.testing;

import io.sparkctr.optim.ftrl.FtrlHyperParams;
import java.util.HashMap;
import java.util.Map;

/**
 * FTRL-Proximal logistic regression written as plainly as possible (McMahan et al. 2013, Algorithm 1, in
 * doubles, maps for z and n): the reference every engine's FTRL-LR pass must follow.
 */
public final class NaiveFtrl {
  private NaiveFtrl() {}

  /**
   * One pass over {@code data}'s rows in {@code order}; the weights of features {@code [0, numFeatures)} and
   * then the intercept (feature {@code numFeatures}, unpenalised).
   */
  public static double[] weights(SparseData data, int[] order, FtrlHyperParams h, int numFeatures) {
    Map<Integer, Double> z = new HashMap<>();
    Map<Integer, Double> n = new HashMap<>();
    for (int r : order) {
      int[] idx = append(data.indices.get(r), numFeatures); // the intercept is feature numFeatures
      double[] x = append(data.values.get(r), 1.0);
      double[] w = new double[idx.length];
      double margin = 0;
      for (int p = 0; p < idx.length; p++) {
        double zi = z.getOrDefault(idx[p], 0.0);
        double ni = n.getOrDefault(idx[p], 0.0);
        boolean intercept = idx[p] == numFeatures;
        double l1 = intercept ? 0 : h.l1();
        double l2 = intercept ? 0 : h.l2();
        w[p] = Math.abs(zi) <= l1 ? 0.0 : -(zi - Math.signum(zi) * l1) / ((h.beta() + Math.sqrt(ni)) / h.alpha() + l2);
        margin += w[p] * x[p];
      }
      double prob = 1 / (1 + Math.exp(-margin));
      for (int p = 0; p < idx.length; p++) {
        double g = data.weights.get(r) * (prob - data.labels.get(r)) * x[p];
        double ni = n.getOrDefault(idx[p], 0.0);
        double sigma = (Math.sqrt(ni + g * g) - Math.sqrt(ni)) / h.alpha();
        z.put(idx[p], z.getOrDefault(idx[p], 0.0) + g - sigma * w[p]);
        n.put(idx[p], ni + g * g);
      }
    }
    double[] out = new double[numFeatures + 1];
    for (int i = 0; i <= numFeatures; i++) {
      double zi = z.getOrDefault(i, 0.0);
      double ni = n.getOrDefault(i, 0.0);
      double l1 = i == numFeatures ? 0 : h.l1();
      double l2 = i == numFeatures ? 0 : h.l2();
      out[i] = Math.abs(zi) <= l1 ? 0.0 : -(zi - Math.signum(zi) * l1) / ((h.beta() + Math.sqrt(ni)) / h.alpha() + l2);
    }
    return out;
  }

  private static int[] append(int[] a, int v) {
    int[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  private static double[] append(double[] a, double v) {
    double[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }
}
