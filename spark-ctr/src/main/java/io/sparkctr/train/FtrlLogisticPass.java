package io.sparkctr.train;

import io.sparkctr.metrics.Numerics;
import io.sparkctr.optim.ftrl.FtrlOptimizer;
import java.util.SplittableRandom;

/**
 * One online FTRL-Proximal pass of logistic regression over one block of rows, starting from a given
 * (z, n) state: the unit of work of both the local trainer and each Spark partition. Rows are visited
 * in a shuffled order that depends only on (seed, epoch, partition), one optimizer step per row (so
 * the step loss is the row's weighted log loss; algorithms.md section 6.6 with a batch of one).
 */
public final class FtrlLogisticPass {
  private FtrlLogisticPass() {}

  /**
   * Runs the pass on a private copy of the state and returns the increments of the coordinates whose
   * state changed (only touched coordinates can change) plus the progressive loss.
   *
   * @param baseZ the epoch's starting z (read only)
   * @param baseN the epoch's starting n (read only)
   */
  public static PassResult run(FtrlTrainingConfig config, double[] baseZ, double[] baseN, CsrBlock block,
      int epoch, int round, int partition) {
    final int dim = config.dimension();
    if (baseZ.length != dim || baseN.length != dim) {
      throw new IllegalArgumentException(
          "Dimension mismatch: configuration has " + dim + " coordinates, state has " + baseZ.length);
    }
    if (block.dimension() > config.numFeatures()) {
      throw new IllegalArgumentException("Dimension mismatch: model has " + config.numFeatures()
          + " features, rows have " + block.dimension());
    }
    final double[] z = baseZ.clone();
    final double[] n = baseN.clone();
    final FtrlOptimizer ftrl = new FtrlOptimizer(config.hyper(), z, n, config.numFeatures());
    final double[] contraction = new double[dim];
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

    // Round r of an epoch visits the r-th of syncsPerEpoch consecutive slices of the epoch's order.
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
      double margin = 0.0;
      for (int p = from; p < to; p++) {
        final double wp = ftrl.weight(indices[p]);
        w[p - from] = wp;
        margin += wp * values[p];
      }
      final double wIntercept = intercept ? ftrl.weight(interceptIndex) : 0.0;
      margin += wIntercept;

      final double weight = weights[r];
      final double label = labels[r];
      final double loss = weight * Numerics.logisticLoss(margin, label);
      final double t = lossSum + loss;
      lossCompensation += Math.abs(lossSum) >= Math.abs(loss) ? (lossSum - t) + loss : (loss - t) + lossSum;
      lossSum = t;
      weightSum += weight;

      // d(weighted log loss)/d(margin); the gradient of w_j is this times x_j.
      final double probability = Numerics.sigmoid(margin);
      final double multiplier = weight * (probability - label);
      // How far this row's step moves its margin toward the loss's minimum, to first order: the
      // loss's curvature on the margin times sum_k x_k^2 stepSize(k). Every coordinate of the row
      // shares it, since they correct one residual together (FtrlOptimizer.mergeContractions).
      double rowStep = intercept ? ftrl.stepSize(interceptIndex) : 0.0;
      for (int p = from; p < to; p++) {
        rowStep += ftrl.stepSize(indices[p]) * values[p] * values[p];
      }
      final double rowContraction = weight * probability * (1.0 - probability) * rowStep;
      for (int p = from; p < to; p++) {
        final double x = values[p];
        ftrl.update(indices[p], multiplier * x, w[p - from]);
        contraction[indices[p]] += rowContraction;
      }
      if (intercept) {
        ftrl.update(interceptIndex, multiplier, wIntercept);
        contraction[interceptIndex] += rowContraction;
      }
    }
    return new PassResult(
        increments(config, ftrl, baseZ, baseN, contraction), lossSum + lossCompensation, weightSum, last - first);
  }

  /**
   * Columns of an FTRL pass's delta, each summed over partitions: the increment of n, the change of
   * the unthresholded weight u, the contraction kappa and 1 - exp(-kappa).
   */
  public static final int STATE_COLUMNS = 4;

  /** Adds a merged pass result to the state, through {@link FtrlOptimizer#mergeContractions}. */
  public static void apply(FtrlTrainingConfig config, double[] z, double[] n, StateDelta delta) {
    if (delta.numColumns() != STATE_COLUMNS) {
      throw new IllegalArgumentException(
          "Dimension mismatch: FTRL deltas have " + STATE_COLUMNS + " columns, got " + delta.numColumns());
    }
    final double[][] c = delta.columns;
    new FtrlOptimizer(config.hyper(), z, n, config.numFeatures())
        .mergeContractions(delta.indices, delta.size(), c[0], c[1], c[2], c[3]);
  }

  /** The summable increments of the coordinates whose state the pass changed (only touched ones can). */
  private static StateDelta increments(
      FtrlTrainingConfig config, FtrlOptimizer ftrl, double[] baseZ, double[] baseN, double[] contraction) {
    final double[] z = ftrl.z();
    final double[] n = ftrl.n();
    int count = 0;
    int[] touched = new int[64];
    for (int i = 0; i < z.length; i++) {
      if (n[i] != baseN[i] || z[i] != baseZ[i] || contraction[i] != 0.0) {
        if (count == touched.length) {
          touched = java.util.Arrays.copyOf(touched, 2 * count);
        }
        touched[count++] = i;
      }
    }
    final FtrlOptimizer base = new FtrlOptimizer(config.hyper(), baseZ, baseN, config.numFeatures());
    final int[] indices = java.util.Arrays.copyOf(touched, count);
    final double[] dn = new double[count];
    final double[] du = new double[count];
    final double[] kappa = new double[count];
    final double[] shrink = new double[count];
    for (int k = 0; k < count; k++) {
      final int i = indices[k];
      dn[k] = n[i] - baseN[i];
      du[k] = ftrl.unthresholdedWeight(i) - base.unthresholdedWeight(i);
      kappa[k] = contraction[i];
      shrink[k] = -Math.expm1(-contraction[i]);
    }
    return new StateDelta(indices, new double[][] {dn, du, kappa, shrink});
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
