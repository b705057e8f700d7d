package io.sparkctr.train;

import io.sparkctr.metrics.Numerics;
import io.sparkctr.optim.ftrl.FtrlOptimizer;
import java.util.SplittableRandom;

/**
 * One online FTRL-Proximal pass of logistic regression over one block of rows (or one slice of it,
 * when an epoch is merged several times), starting from a given state: the unit of work of both the local trainer and each Spark partition. Rows are visited
 * in a shuffled order that depends only on (seed, epoch, partition), one optimizer step per row (so
 * the step loss is the row's weighted log loss; algorithms.md section 6.6 with a batch of one).
 */
public final class FtrlLogisticPass {
  private FtrlLogisticPass() {}

  /**
   * Runs the pass on a private copy of {@code base} and returns the summable increments of the
   * coordinates it touched plus the progressive loss.
   *
   * @param base the round's starting state (read only)
   * @param round which of the epoch's {@code syncsPerEpoch} consecutive slices of the shuffled rows
   */
  public static PassResult run(
      FtrlTrainingConfig config, FtrlOptimizer base, CsrBlock block, int epoch, int round, int partition) {
    final int dim = config.dimension();
    if (base.dimension() != dim) {
      throw new IllegalArgumentException(
          "Dimension mismatch: configuration has " + dim + " coordinates, state has " + base.dimension());
    }
    if (block.dimension() > config.numFeatures()) {
      throw new IllegalArgumentException("Dimension mismatch: model has " + config.numFeatures()
          + " features, rows have " + block.dimension());
    }
    final FtrlOptimizer ftrl = base.copy();
    final TouchedList touched = new TouchedList();
    final int[] order = shuffledOrder(block.numRows, config.seed(), epoch, partition);

    final int[] rowStart = block.rowStart;
    final int[] indices = block.indices;
    final double[] values = block.values;
    final double[] labels = block.labels;
    final double[] weights = block.weights;
    final boolean intercept = config.fitIntercept();
    final int interceptIndex = config.numFeatures();
    double[] w = new double[16];
    double lossSum = 0.0;
    double lossCompensation = 0.0; // Neumaier: the epoch loss sums many small terms
    double weightSum = 0.0;

    final int rounds = config.syncsPerEpoch();
    final int first = (int) ((long) order.length * round / rounds);
    final int last = (int) ((long) order.length * (round + 1) / rounds);
    for (int k = first; k < last; k++) {
      final int r = order[k];
      final int from = rowStart[r];
      final int to = rowStart[r + 1];
      if (to - from > w.length) {
        w = new double[Math.max(to - from, 2 * w.length)];
      }
      // The row's margin, and sum_k x_k^2 stepSize(k): with the loss's curvature on the margin, how
      // far this row's step moves its margin toward the loss's minimum, to first order. Every
      // coordinate of the row shares that contraction, since they correct one residual together
      // (FtrlOptimizer.mergeContractions).
      double margin = 0.0;
      double rowStep = 0.0;
      for (int p = from; p < to; p++) {
        final int i = indices[p];
        final double x = values[p];
        final double wp = ftrl.weight(i);
        w[p - from] = wp;
        margin += wp * x;
        rowStep += ftrl.stepSize(i) * x * x;
      }
      final double wIntercept = intercept ? ftrl.weight(interceptIndex) : 0.0;
      margin += wIntercept;
      rowStep += intercept ? ftrl.stepSize(interceptIndex) : 0.0;

      final double weight = weights[r];
      final double label = labels[r];
      final double loss = weight * Numerics.logisticLoss(margin, label);
      final double t = lossSum + loss;
      lossCompensation += Math.abs(lossSum) >= Math.abs(loss) ? (lossSum - t) + loss : (loss - t) + lossSum;
      lossSum = t;
      weightSum += weight;

      final double probability = Numerics.sigmoid(margin);
      // d(weighted log loss)/d(margin); the gradient of w_j is this times x_j.
      final double multiplier = weight * (probability - label);
      final double rowContraction = weight * probability * (1.0 - probability) * rowStep;
      for (int p = from; p < to; p++) {
        final int i = indices[p];
        ftrl.update(i, multiplier * values[p], w[p - from]);
        if (ftrl.addContraction(i, rowContraction)) {
          touched.add(i); // first touch (a zero contraction may list a coordinate twice; sorted() dedupes)
        }
      }
      if (intercept) {
        ftrl.update(interceptIndex, multiplier, wIntercept);
        if (ftrl.addContraction(interceptIndex, rowContraction)) {
          touched.add(interceptIndex);
        }
      }
    }
    return new PassResult(
        increments(ftrl, base, touched), lossSum + lossCompensation, weightSum, last - first);
  }

  /**
   * Columns of an FTRL pass's delta, each summed over partitions: the increment of n, the change of
   * the unthresholded weight u, the contraction kappa and 1 - exp(-kappa).
   */
  public static final int STATE_COLUMNS = 4;

  /** Merges a merged pass result into the state, through {@link FtrlOptimizer#mergeContractions}. */
  public static void apply(FtrlOptimizer state, StateDelta delta) {
    if (delta.numColumns() != STATE_COLUMNS) {
      throw new IllegalArgumentException(
          "Dimension mismatch: FTRL deltas have " + STATE_COLUMNS + " columns, got " + delta.numColumns());
    }
    final double[][] c = delta.columns;
    state.mergeContractions(delta.indices, delta.size(), c[0], c[1], c[2], c[3]);
  }

  /** The summable increments of the touched coordinates, in ascending coordinate order. */
  private static StateDelta increments(FtrlOptimizer ftrl, FtrlOptimizer base, TouchedList touched) {
    final int[] indices = touched.sorted();
    final int count = indices.length;
    final double[] dn = new double[count];
    final double[] du = new double[count];
    final double[] kappa = new double[count];
    final double[] shrink = new double[count];
    for (int k = 0; k < count; k++) {
      final int i = indices[k];
      dn[k] = ftrl.n(i) - base.n(i);
      du[k] = ftrl.unthresholdedWeight(i) - base.unthresholdedWeight(i);
      kappa[k] = ftrl.contraction(i);
      shrink[k] = -Math.expm1(-kappa[k]);
    }
    return new StateDelta(indices, new double[][] {dn, du, kappa, shrink});
  }

  /** The coordinates a pass touched, in first-touch order, possibly with repeats. */
  private static final class TouchedList {
    private int[] list = new int[1024];
    private int size;

    void add(int i) {
      if (size == list.length) {
        list = java.util.Arrays.copyOf(list, 2 * size);
      }
      list[size++] = i;
    }

    /** Distinct coordinates, ascending. */
    int[] sorted() {
      int[] out = java.util.Arrays.copyOf(list, size);
      java.util.Arrays.sort(out);
      int distinct = 0;
      for (int k = 0; k < out.length; k++) {
        if (distinct == 0 || out[k] != out[distinct - 1]) {
          out[distinct++] = out[k];
        }
      }
      return distinct == out.length ? out : java.util.Arrays.copyOf(out, distinct);
    }
  }

  /** A permutation of [0, numRows) that depends only on (seed, epoch, partition). */
  static int[] shuffledOrder(int numRows, long seed, int epoch, int partition) {
    final int[] order = new int[numRows];
    for (int i = 0; i < numRows; i++) {
      order[i] = i;
    }
    final SplittableRandom random = new SplittableRandom(mix(seed, epoch, partition));
    for (int i = numRows - 1; i > 0; i--) {
      final int j = random.nextInt(i + 1);
      final int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  /** Stafford's mix13 (the SplittableRandom finalizer) over the three seeds, so nearby seeds decorrelate. */
  private static long mix(long seed, int epoch, int partition) {
    long x = seed ^ (0x9E3779B97F4A7C15L * (((long) epoch << 32) | (partition & 0xFFFFFFFFL)) + 0x632BE59BD9B4E019L);
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    return x ^ (x >>> 31);
  }
}
