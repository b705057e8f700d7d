package io.sparkctr.train;

import io.sparkctr.metrics.Numerics;
import io.sparkctr.models.MarginFunction;
import io.sparkctr.models.MarginGradient;
import io.sparkctr.optim.MergeRule;
import io.sparkctr.optim.SparseOnlineOptimizer;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * One online pass of a model with log loss (logistic regression, FM, FFM: its {@link MarginFunction})
 * over one block of rows (or one slice of it, when an epoch is merged several times), starting from a
 * given state: the unit of work of both the local trainer and each Spark partition. Rows are visited
 * in a shuffled order that depends only on (seed, epoch, partition), one optimizer step per row (so
 * the step loss is the row's weighted log loss; algorithms.md section 6.6 with a batch of one).
 */
public final class LogisticPass {
  private LogisticPass() {}

  /**
   * Runs the pass on a private view of {@code base} ({@link SparseOnlineOptimizer#privateView}) and returns the summable increments of the
   * coordinates it touched (the optimizer's {@link MergeRule}) plus the progressive loss.
   *
   * @param base the round's starting state (read only)
   * @param round which of the epoch's {@code syncsPerEpoch} consecutive slices of the shuffled rows
   */
  public static PassResult run(TrainingConfig config, SparseOnlineOptimizer base, CsrBlock block, int epoch,
      int round, int partition) {
    final MarginFunction model = config.model();
    final int dim = config.dimension();
    if (base.dimension() != dim) {
      throw new IllegalArgumentException(
          "Dimension mismatch: configuration has " + dim + " coordinates, state has " + base.dimension());
    }
    block.checkFits(config.numFeatures(), model.needsFields());
    final SparseOnlineOptimizer opt = base.privateView();
    final MergeRule merge = config.optimizer().merge();
    final Touched touched = new Touched(dim);
    final int[] order = RowPass.blockShuffledOrder(block.numRows, config.seed(), epoch, partition);

    final int[] rowStart = block.rowStart;
    final int[] indices = block.indices;
    final double[] values = block.values;
    final int[] fields = block.fields;
    final double[] labels = block.labels;
    final double[] weights = block.weights;
    final boolean[] support = config.support();
    final int numRegularized = model.numRegularized();
    // Outside a refit's support a coordinate reads as 0 and is never updated.
    final IntToDoubleFunction read = support == null ? opt::weight
        : i -> i >= numRegularized || support[i] ? opt.weight(i) : 0.0;
    final MarginGradient gradient = new MarginGradient();
    double lossSum = 0.0;
    double lossCompensation = 0.0; // Neumaier: the epoch loss sums many small terms
    double weightSum = 0.0;

    final int rounds = config.syncsPerEpoch();
    final int first = (int) ((long) order.length * round / rounds);
    final int last = (int) ((long) order.length * (round + 1) / rounds);
    for (int k = first; k < last; k++) {
      final int r = order[k];
      final double margin = model.forward(read, indices, values, fields, rowStart[r], rowStart[r + 1], gradient);

      final double weight = weights[r];
      final double label = labels[r];
      final double loss = weight * Numerics.logisticLoss(margin, label);
      final double t = lossSum + loss;
      lossCompensation += Math.abs(lossSum) >= Math.abs(loss) ? (lossSum - t) + loss : (loss - t) + lossSum;
      lossSum = t;
      weightSum += weight;

      final double probability = Numerics.sigmoid(margin);
      // d(weighted log loss)/d(margin); the gradient of coordinate i is this times d(margin)/d(i).
      final double multiplier = weight * (probability - label);
      final int[] coordinates = gradient.coordinates;
      final double[] derivatives = gradient.derivatives;
      final double[] readAt = gradient.weights;
      final int size = gradient.size;
      for (int c = 0; c < size; c++) {
        final int i = coordinates[c];
        if (support != null && i < numRegularized && !support[i]) {
          continue;
        }
        opt.update(i, multiplier * derivatives[c], readAt[c]);
        touched.add(i);
      }
      // The loss's curvature on the margin, d2(weighted log loss)/d(margin)^2.
      merge.observeRow(opt, coordinates, derivatives, 0, size, -1, weight * probability * (1.0 - probability));
      opt.endStep();
    }
    return new PassResult(merge.increments(base, opt, touched.sorted()), lossSum + lossCompensation, weightSum,
        last - first);
  }

  /** Applies increments summed over every partition of a round to the state they started from. */
  public static void apply(TrainingConfig config, SparseOnlineOptimizer state, PassResult merged) {
    final MergeRule merge = config.optimizer().merge();
    if (merged.delta().numColumns() != merge.columns()) {
      throw new IllegalArgumentException("Dimension mismatch: " + config.optimizer().name() + " deltas have "
          + merge.columns() + " columns, got " + merged.delta().numColumns());
    }
    merge.apply(state, merged.delta(), merged.rows());
  }

  /** The coordinates a pass touched: a mark per coordinate and the list of the marked ones. */
  private static final class Touched {
    private final boolean[] marked;
    private int[] list = new int[1024];
    private int size;

    Touched(int dimension) {
      marked = new boolean[dimension];
    }

    void add(int i) {
      if (!marked[i]) {
        marked[i] = true;
        if (size == list.length) {
          list = java.util.Arrays.copyOf(list, 2 * size);
        }
        list[size++] = i;
      }
    }

    /** Distinct coordinates, ascending. */
    int[] sorted() {
      int[] out = java.util.Arrays.copyOf(list, size);
      java.util.Arrays.sort(out);
      return out;
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
