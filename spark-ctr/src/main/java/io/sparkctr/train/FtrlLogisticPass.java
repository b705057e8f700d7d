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
  public static PassResult run(
      FtrlTrainingConfig config, double[] baseZ, double[] baseN, CsrBlock block, int epoch, int partition) {
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
    final double[] sigmaSum = new double[dim];
    final double[] sigmaWeightSum = new double[dim];
    ftrl.trackSigma(sigmaSum, sigmaWeightSum);
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

    for (int k = 0; k < order.length; k++) {
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
      final double multiplier = weight * (Numerics.sigmoid(margin) - label);
      for (int p = from; p < to; p++) {
        ftrl.update(indices[p], multiplier * values[p], w[p - from]);
      }
      if (intercept) {
        ftrl.update(interceptIndex, multiplier, wIntercept);
      }
    }
    StateDelta delta = changed(baseZ, baseN, z, n, sigmaSum, sigmaWeightSum);
    return new PassResult(delta, lossSum + lossCompensation, weightSum, block.numRows);
  }

  /**
   * Adds a merged pass result's increments to the state, through
   * {@link FtrlOptimizer#applyMergedIncrements}.
   */
  public static void apply(FtrlTrainingConfig config, double[] z, double[] n, StateDelta delta) {
    if (delta.numColumns() != STATE_COLUMNS) {
      throw new IllegalArgumentException(
          "Dimension mismatch: FTRL deltas have " + STATE_COLUMNS + " columns, got " + delta.numColumns());
    }
    final double[][] c = delta.columns;
    FtrlOptimizer.applyMergedIncrements(
        z, n, config.hyper().alpha(), delta.indices, delta.size(), c[0], c[1], c[2], c[3]);
  }

  /** Columns of an FTRL pass's delta: increments of z and n, sums of sigma and of sigma * w. */
  public static final int STATE_COLUMNS = 4;

  private static StateDelta changed(
      double[] baseZ, double[] baseN, double[] z, double[] n, double[] sigmaSum, double[] sigmaWeightSum) {
    int count = 0;
    int[] touched = new int[64];
    for (int i = 0; i < z.length; i++) {
      if (n[i] != baseN[i] || z[i] != baseZ[i]) {
        if (count == touched.length) {
          touched = java.util.Arrays.copyOf(touched, 2 * count);
        }
        touched[count++] = i;
      }
    }
    return StateDelta.between(new double[][] {baseZ, baseN, null, null},
        new double[][] {z, n, sigmaSum, sigmaWeightSum}, touched, count);
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
