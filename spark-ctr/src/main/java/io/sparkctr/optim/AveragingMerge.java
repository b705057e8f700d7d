package io.sparkctr.optim;

/**
 * The SGD family's merge (algorithms.md section 10, pattern 3): each coordinate's weight becomes the
 * mean of the weights of the partitions that touched it (untouched partitions only applied penalties,
 * which the merged state applies lazily anyway), then the optimizer's proximal or truncation part is
 * applied once more ({@link WeightAveraging#mergeWeight}) so exact zeros survive. Accumulators that
 * sum (AdaGrad's n) are summed. The step counter advances by the rows all partitions ran, as in a
 * serial run, so schedules and K-periodic truncation keep their serial clock.
 */
public final class AveragingMerge implements MergeRule {
  private static final long serialVersionUID = 1L;

  @Override
  public int columns() {
    return 3; // partitions that touched, sum of their weights, sum of accumulator increments
  }

  @Override
  public StateDelta increments(SparseOnlineOptimizer base, SparseOnlineOptimizer after, int[] touched) {
    final WeightAveraging a = (WeightAveraging) after;
    final double[] count = new double[touched.length];
    final double[] weight = new double[touched.length];
    final double[] accumulator = new double[touched.length];
    for (int k = 0; k < touched.length; k++) {
      count[k] = 1.0;
      weight[k] = a.weight(touched[k]);
      accumulator[k] = a.accumulatorIncrement(base, touched[k]);
    }
    return new StateDelta(touched, new double[][] {count, weight, accumulator});
  }

  @Override
  public void apply(SparseOnlineOptimizer state, StateDelta summed, long steps) {
    if (steps == 0) {
      return;
    }
    final WeightAveraging s = (WeightAveraging) state;
    for (long step = 1; step < steps; step++) {
      s.endStep(); // O(1) each: untouched coordinates catch these steps up lazily
    }
    final int[] indices = summed.indices();
    final double[] count = summed.column(0);
    final double[] weight = summed.column(1);
    final double[] accumulator = summed.column(2);
    for (int k = 0; k < summed.size(); k++) {
      final int i = indices[k];
      s.weight(i);
      s.addAccumulator(i, accumulator[k]);
      s.mergeWeight(i, weight[k] / count[k]);
    }
    s.endStep();
  }
}
