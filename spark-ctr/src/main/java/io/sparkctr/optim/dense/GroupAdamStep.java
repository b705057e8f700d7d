package io.sparkctr.optim.dense;

import io.sparkctr.optim.OptimizerChecks;
import io.sparkctr.optim.group.RowThreshold;

/**
 * Group lasso on a deep model's embedding rows: tfplus's GroupAdam (algorithms.md section 7.2) on the
 * sparse rows, plain {@link AdamStep} on the dense parameters, so that whole embedding rows become
 * exactly zero and the exported model drops them.
 *
 * <p>References: Y. Yue et al., "Adaptive Optimizers with Sparse Group Lasso for Neural Networks in CTR
 * Prediction", ECML-PKDD 2021 (https://arxiv.org/abs/2107.14432); Ant Group's tfplus
 * {@code KvVariableGroupSparseApplyAdamV4}. The rule is {@link io.sparkctr.optim.group.GroupAdamOptimizer}'s
 * (the FM kernel), here on the DeepFM row layout [first-order weight | embedding of k]: with
 * {@code alpha_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)}, L1 = l1 lr, L21 = l21 lr sqrt(k), per touched
 * coordinate
 *
 * <pre>
 *   m = beta1 m + (1 - beta1) g,   v_new = beta2 v + (1 - beta2) g^2
 *   z += alpha_t m - (sqrt(v_new) - sqrt(v)) w      (first update: - (sqrt(v_new) + eps) w)
 * </pre>
 *
 * then the embedding of a touched row, with s = -soft(z, L1): zero if {@code ||s|| <= L21}, else
 * {@code s (1 - L21 / ||s||) / (sqrt(v) + eps)}; the first-order weight is a group of one,
 * {@code -soft(soft(z, L1), l21 lr) / (sqrt(v) + eps)}. No proximal L2 (DeepFM's embedding L2 is in
 * the loss).
 *
 * <p>Departures: the dense parameters take Adam in PyTorch's form ({@link AdamStep}, as the {@code adam}
 * optimizer), where tfplus would run TensorFlow's Adam on them; a coordinate counts as not yet updated
 * while its z and v are both 0, and its first update starts from the weight it has (the random
 * embedding start), as GroupAdamOptimizer's warm start does. Lazy: untouched rows keep weights and
 * state. The state is kept as m, v and the unthresholded weight u = -z / (sqrt(v) + eps); a row several
 * partitions updated merges as in GroupAdamOptimizer's merge: m and v averaged, the partitions' changes
 * of u added up ({@link #mergesSparseStateBySum}), the weights recomputed from that state, and the step
 * counter advanced by every partition's steps (so the dense side's Adam, too, counts them all).
 */
public final class GroupAdamStep extends SteppedDenseOptimizer {
  private static final long serialVersionUID = 1L;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double l1;
  private final double l21;
  private final double[] sparseM;
  private final double[] sparseV;
  /**
   * The unthresholded weight u = -z / (sqrt(v) + eps) of each sparse coordinate, laid out as the rows:
   * the state kept instead of z, so that averaging partitions' states averages weights, as for the
   * other optimizers (GroupAdamOptimizer's merge sums the changes of u for the same reason).
   */
  private final double[] sparseU;
  /** One row's z, rebuilt per touched row; not serialized, made on first use. */
  private transient double[] rowZ;
  /** The dense parameters' optimizer (its sparse side is empty). */
  private final AdamStep dense;
  private static final double[] NO_ROWS = new double[0];
  /** An empty gradient for the dense-only step; not serialized, made on first use. */
  private transient SparseGradient noRows;

  /**
   * beta1 = 0.9, beta2 = 0.999, eps = 1e-8.
   *
   * @param learningRate the rate of both groups, finite and &gt;= 0
   * @param l1 L1 strength (tfplus units: times the rate), finite and &gt;= 0
   * @param l21 group-lasso strength per embedding row (tfplus units), finite and &gt;= 0
   */
  public GroupAdamStep(ParameterLayout layout, double learningRate, double l1, double l21) {
    super("GroupAdam", layout, learningRate, learningRate);
    DenseChecks.nonNegative("GroupAdam", "l1", l1);
    DenseChecks.nonNegative("GroupAdam", "l21", l21);
    this.beta1 = AdamStep.DEFAULT_BETA1;
    this.beta2 = AdamStep.DEFAULT_BETA2;
    this.epsilon = AdamStep.DEFAULT_EPSILON;
    this.l1 = l1;
    this.l21 = l21;
    this.sparseM = new double[layout.sparseSize()];
    this.sparseV = new double[layout.sparseSize()];
    this.sparseU = new double[layout.sparseSize()];
    ParameterLayout denseOnly = new ParameterLayout(0, layout.factorSize(), layout.denseSize());
    this.dense = new AdamStep(denseOnly, learningRate, learningRate);
  }

  private GroupAdamStep(GroupAdamStep o) {
    super(o);
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
    this.epsilon = o.epsilon;
    this.l1 = o.l1;
    this.l21 = o.l21;
    this.sparseM = o.sparseM.clone();
    this.sparseV = o.sparseV.clone();
    this.sparseU = o.sparseU.clone();
    this.dense = o.dense.copy();
  }

  @Override
  public void step(double[] sparse, double[] denseParams, SparseGradient sparseGrad, double[] denseGrad) {
    DenseChecks.step(layout, sparse, denseParams, sparseGrad, denseGrad);
    t++;
    if (noRows == null) {
      noRows = new SparseGradient(dense.layout());
    }
    dense.step(NO_ROWS, denseParams, noRows, denseGrad);
    final double alpha = sparseLearningRate * Math.sqrt(1.0 - Math.pow(beta2, t)) / (1.0 - Math.pow(beta1, t));
    final int width = layout.rowWidth();
    final double[] g = sparseGrad.values();
    if (rowZ == null) {
      rowZ = new double[width];
    }
    final double[] z = rowZ;
    for (int s = 0; s < sparseGrad.count(); s++) {
      final int base = sparseGrad.row(s) * width;
      for (int c = 0; c < width; c++) {
        final int i = base + c;
        final double gc = g[s * width + c];
        final double m = beta1 * sparseM[i] + (1.0 - beta1) * gc;
        final double sqrtOld = Math.sqrt(sparseV[i]);
        final double vNew = beta2 * sparseV[i] + (1.0 - beta2) * gc * gc;
        final double sqrtNew = Math.sqrt(vNew);
        // Not yet updated (u = v = 0): u starts at the weight the row has, so z = -(sqrt(0) + eps) w.
        final double u = sparseU[i] == 0.0 && sparseV[i] == 0.0 ? sparse[i] : sparseU[i];
        z[c] = -u * (sqrtOld + epsilon) + alpha * m - (sqrtNew - sqrtOld) * sparse[i];
        sparseM[i] = m;
        sparseV[i] = vNew;
        sparseU[i] = -z[c] / (sqrtNew + epsilon);
      }
      writeRowWeights(sparse, base, z);
    }
  }

  /** The thresholded weights of the row at {@code base} from its z (and v). */
  private void writeRowWeights(double[] sparse, int base, double[] z) {
    // tfplus's units: the strengths scale with the (current) rate.
    final double scaledL1 = l1 * sparseLearningRate;
    final double scaledL21 = l21 * sparseLearningRate;
    final double rowThreshold = scaledL21 * Math.sqrt(layout.factorSize());
    final int width = layout.rowWidth();
    final double linear = OptimizerChecks.soft(OptimizerChecks.soft(z[0], scaledL1), scaledL21);
    sparse[base] = linear == 0.0 ? 0.0 : -linear / (Math.sqrt(sparseV[base]) + epsilon);
    final double factor = RowThreshold.factor(z, 1, width - 1, scaledL1, rowThreshold);
    for (int c = 1; c < width; c++) {
      final double shrunk = -OptimizerChecks.soft(z[c], scaledL1);
      sparse[base + c] = factor == 0.0 || shrunk == 0.0 ? 0.0
          : shrunk * factor / (Math.sqrt(sparseV[base + c]) + epsilon);
    }
  }

  /** u, the unthresholded weight, merges as GroupAdamOptimizer's: the partitions' changes add up. */
  @Override
  public boolean mergesSparseStateBySum(int column) {
    return column == 2;
  }

  /** A coordinate not yet updated (u = v = 0) stands for u = its weight, as in the step. */
  @Override
  public double sparseMergeStart(int column, int i, double weight) {
    return column == 2 && sparseU[i] == 0.0 && sparseV[i] == 0.0 ? weight : sparseState()[column][i];
  }

  /** Summed changes of u took every partition's steps: the bias correction counts them all. */
  @Override
  public boolean countsEveryPartitionsSteps() {
    return true;
  }

  @Override
  public boolean setRowWeightsFromState(double[] sparse, int row) {
    final int width = layout.rowWidth();
    if (rowZ == null) {
      rowZ = new double[width];
    }
    final int base = row * width;
    for (int c = 0; c < width; c++) {
      rowZ[c] = -sparseU[base + c] * (Math.sqrt(sparseV[base + c]) + epsilon);
    }
    writeRowWeights(sparse, base, rowZ);
    return true;
  }

  @Override
  public void setSteps(long steps) {
    super.setSteps(steps);
    dense.setSteps(steps);
  }

  @Override
  public void setLearningRates(double sparseLearningRate, double denseLearningRate) {
    super.setLearningRates(sparseLearningRate, denseLearningRate);
    if (dense != null) { // null while the constructor sets the first rates
      dense.setLearningRates(sparseLearningRate, denseLearningRate);
    }
  }

  /** The unthresholded weight u = -z / (sqrt(v) + eps) of sparse coordinate {@code i}. */
  public double sparseU(int i) {
    return sparseU[i];
  }

  @Override
  public double[][] sparseState() {
    return new double[][] {sparseM, sparseV, sparseU};
  }

  @Override
  public double[][] denseState() {
    return dense.denseState();
  }

  @Override
  public GroupAdamStep copy() {
    return new GroupAdamStep(this);
  }

  @Override
  public GroupAdamStep withLayout(ParameterLayout parameters) {
    return new GroupAdamStep(parameters, sparseLearningRate, l1, l21);
  }
}
