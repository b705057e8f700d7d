package io.sparkctr.optim.ftrl;

import io.sparkctr.optim.MergeRule;
import io.sparkctr.optim.SparseOnlineOptimizer;
import io.sparkctr.optim.StateDelta;

/**
 * FTRL's merge: n summed, weights combined as contractions toward a common optimum
 * ({@link FtrlOptimizer#mergeContractions}, which explains the model and why z is not summed). A
 * row's contraction is its loss curvature times sum_k x_k^2 {@link FtrlOptimizer#stepSize}(k) over its
 * coordinates; every coordinate of the row accumulates it.
 */
public final class FtrlContractionMerge implements MergeRule {
  private static final long serialVersionUID = 1L;

  @Override
  public int columns() {
    return 4; // dn, du, kappa, 1 - exp(-kappa)
  }

  @Override
  public void observeRow(SparseOnlineOptimizer optimizer, int[] indices, double[] values, int from, int to,
      int interceptIndex, double curvature) {
    final FtrlOptimizer ftrl = (FtrlOptimizer) optimizer;
    double rowStep = interceptIndex >= 0 ? ftrl.stepSize(interceptIndex) : 0.0;
    for (int p = from; p < to; p++) {
      rowStep += ftrl.stepSize(indices[p]) * values[p] * values[p];
    }
    final double rowContraction = curvature * rowStep;
    for (int p = from; p < to; p++) {
      ftrl.addContraction(indices[p], rowContraction);
    }
    if (interceptIndex >= 0) {
      ftrl.addContraction(interceptIndex, rowContraction);
    }
  }

  @Override
  public StateDelta increments(SparseOnlineOptimizer base, SparseOnlineOptimizer after, int[] touched) {
    final FtrlOptimizer b = (FtrlOptimizer) base;
    final FtrlOptimizer a = (FtrlOptimizer) after;
    final int count = touched.length;
    final double[] dn = new double[count];
    final double[] du = new double[count];
    final double[] kappa = new double[count];
    final double[] shrink = new double[count];
    for (int k = 0; k < count; k++) {
      final int i = touched[k];
      dn[k] = a.n(i) - b.n(i);
      du[k] = a.unthresholdedWeight(i) - b.unthresholdedWeight(i);
      kappa[k] = a.contraction(i);
      shrink[k] = -Math.expm1(-kappa[k]);
    }
    return new StateDelta(touched, new double[][] {dn, du, kappa, shrink});
  }

  @Override
  public void apply(SparseOnlineOptimizer state, StateDelta summed, long steps) {
    ((FtrlOptimizer) state).mergeContractions(summed.indices(), summed.size(), summed.column(0), summed.column(1),
        summed.column(2), summed.column(3));
  }
}
