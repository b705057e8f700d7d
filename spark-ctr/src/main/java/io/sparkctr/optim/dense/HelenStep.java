package io.sparkctr.optim.dense;

import java.util.Arrays;

/**
 * Helen: frequency-wise Hessian-eigenvalue regularization, a sharpness-aware step whose embedding
 * perturbation radius grows with the feature's frequency (algorithms.md section 9).
 *
 * <p>Reference: Z. Zhu, Y. Liu, Z. Zheng, Q. Guo, Y. You, "Helen: Optimizing CTR Prediction Models with
 * Frequency-wise Hessian Eigenvalue Regularization", WWW 2024 (https://arxiv.org/abs/2403.00798), and
 * its official code {@code NUS-HPC-AI-Lab/Helen} ({@code optim/Helen.py}, {@code train.py}). Per
 * mini-batch, as {@link SamStep}: g = grad L_B(w); perturb to w + e; g_Helen = grad L_B(w + e); copy the
 * saved w back (as the official code does; not w + e - e); base step with g_Helen. The paper writes the
 * base step as SGD, the code as Adam; here it is any {@link DenseOptimizer}. The perturbation e is built
 * per parameter group:
 *
 * <p><b>Parameter groups.</b> The <em>embedding</em> group is the embedding part of each touched row
 * (columns {@code 1..factorSize}; one table per field). The <em>net</em> group is everything else: the
 * dense parameters <em>and the first-order weights</em> (column 0 of the touched rows), as in the
 * official code, where the first-order weights are dimension-1 embeddings and fall into {@code
 * net_params}. So the first-order weights are never perturbed per row; they are perturbed with the
 * dense parameters, by the net rule, and only when {@code netPerturbation} is on.
 *
 * <p><b>{@link Mode#PAPER} (the recommended default, algorithms.md section 9.2): the paper's Algorithm 1.</b> For a touched row of feature j in
 * field f, with dataset counts N given once:
 *
 * <pre>
 *   rho_j = rho * max(N_j / max_{j' in f} N_j', zeta)            (precomputed per feature)
 *   e_row = rho_j * g_row / (||g_row||_2 + 1e-12)               g_row: the row's k embedding entries
 *   e_net = rho * g_net / (||g_net||_2 + 1e-12)                 when netPerturbation; else e_net = 0
 * </pre>
 *
 * so each touched row's perturbation has norm rho_j, and the net group's has norm rho (both up to the
 * reference code's 1e-12 guard, a relative 1e-12 / ||g||; a zero gradient gives e = 0).
 *
 * <p><b>{@link Mode#OFFICIAL_CODE}: what the official code does</b> (algorithms.md section 9.2):
 *
 * <pre>
 *   fs_row  = max(c_row / max_{rows of f in the batch} c, zeta)   c: the feature's occurrences in THIS batch
 *   e_table = (G_f * rho / (||G_f||_F + 1e-12)) * fs_row          G_f: field f's touched embedding rows
 *   e_net   = rho * g_net / (||G_last||_F + 1e-12)                when netPerturbation; else e_net = 0
 * </pre>
 *
 * The batch occurrences come from the oracle ({@link SparseGradient#addOccurrences}). The net rule
 * reproduces a quirk of the official {@code first_step}: {@code grad_norm} is first the global norm, but
 * the loop over the embedding tables overwrites it with each table's norm, so the net parameters,
 * processed after the tables, are scaled by the norm of the <em>last</em> embedding table (here: the
 * field with the highest id), not by their own or the global norm. We reproduce that faithfully: in
 * particular, when that field has no touched row in the batch its norm is 0 and the net perturbation is
 * rho / 1e-12 times the gradient, as in the official code, where every table has a (zero) gradient. With
 * factorSize = 0 there are no embedding tables and the official code keeps the global norm, which then
 * is the net group's norm; so do we (also when there are no rows at all).
 *
 * <p><b>Both modes:</b> with {@code netPerturbation} off (the official {@code conf/optim/Helen.yaml};
 * the class signature and the paper default to on), the net group is not perturbed and the base step
 * gets its <em>clean</em> first-evaluation gradient (dense and first-order entries), while the embedding
 * entries get g_Helen. A row absent from the batch is not perturbed, and (the base optimizers being
 * lazy) its state does not change. {@code rho = 0} skips the second evaluation and is the base optimizer
 * bit for bit; otherwise every step evaluates the oracle exactly twice.
 *
 * <p>Departures from the official code: (1) the base optimizer is pluggable ({@link AdamStep} is the
 * code's PyTorch-form Adam, but lazy on the rows, where the code runs dense Adam over whole tables);
 * (2) no {@code weight_decay} and no {@code adaptive} (ASAM) scaling, both off by default there; (3)
 * the embedding L2 regularizer, which the code adds to the loss over whole tables, belongs to the
 * oracle's loss if wanted, and then only touched rows see it.
 */
public final class HelenStep implements BatchStep {
  /** Where the frequencies come from and how the embedding perturbation is normalised. */
  public enum Mode {
    /** Dataset counts, per-row normalisation, net norm over the net group (the paper). */
    PAPER,
    /** Batch counts, per-table normalisation, the last table's norm for the net (the official code). */
    OFFICIAL_CODE
  }

  /** The official code's default rho. */
  public static final double DEFAULT_RHO = 0.05;
  /** The official code's default lower bound zeta ({@code bound}) of the frequency scale. */
  public static final double DEFAULT_ZETA = 0.3;

  private final DenseOptimizer base;
  private final Mode mode;
  private final double rho;
  private final double zeta;
  private final boolean netPerturbation;
  private final ParameterLayout layout;
  /** The field of each feature (row); shared between copies, never written. */
  private final int[] fieldOfFeature;
  private final int numFields;
  /** PAPER: max(N_j / max_{j' in f} N_j', zeta) per feature; shared, never written. Null in OFFICIAL_CODE. */
  private final double[] featureScale;
  private final Evaluation first;
  private final Evaluation second;
  private final SavedParameters saved;
  /** OFFICIAL_CODE scratch: per field, the squared Frobenius norm of its touched embedding rows. */
  private final double[] tableNormSquared;
  /** OFFICIAL_CODE scratch: per field, the largest occurrence count among its touched rows. */
  private final double[] maxOccurrences;
  private int lastEvaluations;

  private HelenStep(DenseOptimizer base, Mode mode, double rho, double zeta, boolean netPerturbation,
      int[] fieldOfFeature, int numFields, double[] featureScale) {
    this.base = base;
    this.mode = mode;
    this.rho = rho;
    this.zeta = zeta;
    this.netPerturbation = netPerturbation;
    this.layout = base.layout();
    this.fieldOfFeature = fieldOfFeature;
    this.numFields = numFields;
    this.featureScale = featureScale;
    this.first = new Evaluation(layout);
    this.second = new Evaluation(layout);
    this.saved = new SavedParameters(layout);
    this.tableNormSquared = new double[mode == Mode.OFFICIAL_CODE ? numFields : 0];
    this.maxOccurrences = new double[mode == Mode.OFFICIAL_CODE ? numFields : 0];
  }

  /**
   * The paper's Helen: radii from dataset counts, per-row normalisation.
   *
   * @param base the optimizer applying g_Helen (the official code uses {@link AdamStep})
   * @param rho the radius, finite and &gt;= 0 (default {@link #DEFAULT_RHO})
   * @param zeta the lower bound of the frequency scale, in [0, 1] (default {@link #DEFAULT_ZETA})
   * @param netPerturbation whether the net group (dense and first-order weights) is perturbed
   * @param fieldOfFeature the field of each row, {@code numRows} ids &gt;= 0 (copied)
   * @param counts the dataset count N_j of each row's feature, {@code numRows} finite values &gt;= 0
   *     (read once; a field whose counts are all 0 gets scale zeta)
   */
  public static HelenStep paper(DenseOptimizer base, double rho, double zeta, boolean netPerturbation,
      int[] fieldOfFeature, double[] counts) {
    return paper(base, rho, zeta, netPerturbation, FeatureCounts.of(fieldOfFeature, counts));
  }

  /**
   * The paper's Helen over rows whose statistics are {@code rows} (e.g. a task's rows of the model's, {@link
   * FeatureCounts#rows}): row r's radius is rho max(N_r / max N in its field, zeta).
   */
  public static HelenStep paper(DenseOptimizer base, double rho, double zeta, boolean netPerturbation,
      FeatureCounts rows) {
    checkHyper(rho, zeta);
    checkRows(base.layout(), rows);
    final double[] scale = new double[rows.fieldOfRow().length];
    for (int r = 0; r < scale.length; r++) {
      scale[r] = rows.scale(r, zeta);
    }
    return new HelenStep(base, Mode.PAPER, rho, zeta, netPerturbation, rows.fieldOfRow(), rows.numFields(), scale);
  }

  /**
   * The official code's Helen: frequencies from each batch's occurrences (the oracle must record them
   * with {@link SparseGradient#addOccurrences}), per-table normalisation, and the net-norm quirk.
   *
   * @param base the optimizer applying g_Helen (the official code uses {@link AdamStep})
   * @param rho the radius, finite and &gt;= 0 (default {@link #DEFAULT_RHO})
   * @param zeta the lower bound ({@code bound}) of the frequency scale, in [0, 1] (default {@link #DEFAULT_ZETA})
   * @param netPerturbation the official {@code net_pert}
   * @param fieldOfFeature the field of each row, {@code numRows} ids &gt;= 0 (copied); fields are the
   *     official code's embedding tables, in id order
   */
  public static HelenStep officialCode(DenseOptimizer base, double rho, double zeta, boolean netPerturbation,
      int[] fieldOfFeature) {
    return officialCode(base, rho, zeta, netPerturbation, FeatureCounts.of(fieldOfFeature, null));
  }

  /**
   * The official code's Helen over rows whose fields are {@code rows}' (the counts are not read: each batch
   * counts its own); the model's fields ({@link FeatureCounts#numFields}) are the embedding tables, the last
   * of which scales the net perturbation.
   */
  public static HelenStep officialCode(DenseOptimizer base, double rho, double zeta, boolean netPerturbation,
      FeatureCounts rows) {
    checkHyper(rho, zeta);
    checkRows(base.layout(), rows);
    return new HelenStep(base, Mode.OFFICIAL_CODE, rho, zeta, netPerturbation, rows.fieldOfRow(), rows.numFields(),
        null);
  }

  private static void checkHyper(double rho, double zeta) {
    DenseChecks.nonNegative("Helen", "rho", rho);
    DenseChecks.unitInterval("Helen", "zeta", zeta);
  }

  private static void checkRows(ParameterLayout layout, FeatureCounts rows) {
    if (rows.fieldOfRow().length != layout.numRows()) {
      throw new IllegalArgumentException("Dimension mismatch: layout has " + layout.numRows()
          + " rows, fieldOfFeature has " + rows.fieldOfRow().length);
    }
  }

  @Override
  public double step(double[] sparse, double[] dense, GradientOracle oracle) {
    layout.checkParameters(sparse, dense);
    lastEvaluations = 1;
    final double loss = first.run(oracle, sparse, dense);
    if (rho == 0.0) {
      base.step(sparse, dense, first.sparseGrad, first.denseGrad);
      return loss;
    }
    final SparseGradient g = first.sparseGrad;
    final double[] gRows = g.values();
    final double[] gDense = first.denseGrad;
    final int width = layout.rowWidth();
    final int count = g.count();
    final boolean official = mode == Mode.OFFICIAL_CODE;
    if (official) {
      tableStatistics(g);
    }
    final double netScale = netPerturbation ? rho / (netNorm(g) + SamStep.NORM_EPSILON) : 0.0;

    saved.save(sparse, dense, g, netPerturbation);
    try {
      for (int s = 0; s < count; s++) {
        final int r = g.row(s);
        final int rowBase = r * width;
        final int gBase = s * width;
        if (width > 1) {
          if (official) {
            final int f = fieldOfFeature[r];
            final double tableScale = rho / (Math.sqrt(tableNormSquared[f]) + SamStep.NORM_EPSILON);
            final double fs = Math.max(g.occurrences(s) / maxOccurrences[f], zeta);
            for (int c = 1; c < width; c++) {
              sparse[rowBase + c] += gRows[gBase + c] * tableScale * fs; // the code's order: (g * scale) * fs
            }
          } else {
            double rowNormSquared = 0.0;
            for (int c = 1; c < width; c++) {
              rowNormSquared += gRows[gBase + c] * gRows[gBase + c];
            }
            final double scale = rho * featureScale[r] / (Math.sqrt(rowNormSquared) + SamStep.NORM_EPSILON);
            for (int c = 1; c < width; c++) {
              sparse[rowBase + c] += scale * gRows[gBase + c];
            }
          }
        }
        if (netPerturbation) {
          sparse[rowBase] += netScale * gRows[gBase];
        }
      }
      if (netPerturbation) {
        for (int i = 0; i < gDense.length; i++) {
          dense[i] += netScale * gDense[i];
        }
      }
      lastEvaluations = 2;
      second.run(oracle, sparse, dense);
    } finally {
      saved.restore(sparse, dense); // also when the oracle throws: never leave w + e behind
    }
    if (!netPerturbation) {
      useCleanNetGradient(g, second.sparseGrad, gDense, second.denseGrad);
    }
    base.step(sparse, dense, second.sparseGrad, second.denseGrad);
    return loss;
  }

  /** OFFICIAL_CODE: fills the per-field table norms and largest occurrences of the batch. */
  private void tableStatistics(SparseGradient g) {
    Arrays.fill(tableNormSquared, 0.0);
    Arrays.fill(maxOccurrences, 0.0);
    final double[] gRows = g.values();
    final int width = layout.rowWidth();
    final int count = g.count();
    for (int s = 0; s < count; s++) {
      final int f = fieldOfFeature[g.row(s)];
      final int gBase = s * width;
      double sq = 0.0;
      for (int c = 1; c < width; c++) {
        sq += gRows[gBase + c] * gRows[gBase + c];
      }
      tableNormSquared[f] += sq;
      maxOccurrences[f] = Math.max(maxOccurrences[f], g.occurrences(s));
    }
    if (width > 1) {
      for (int s = 0; s < count; s++) {
        final int f = fieldOfFeature[g.row(s)];
        if (!(maxOccurrences[f] > 0)) {
          throw new IllegalStateException("Helen OFFICIAL_CODE mode needs the batch's feature occurrences, but"
              + " field " + f + " has none recorded: the gradient oracle MUST call"
              + " SparseGradient.addOccurrences for every feature occurrence in the batch");
        }
      }
    }
  }

  /** The norm that scales the net perturbation: see the class documentation for each mode. */
  private double netNorm(SparseGradient g) {
    if (mode == Mode.OFFICIAL_CODE && layout.factorSize() > 0 && numFields > 0) {
      return Math.sqrt(tableNormSquared[numFields - 1]); // the official code's last embedding table
    }
    final double[] gRows = g.values();
    final double[] gDense = first.denseGrad;
    final int width = layout.rowWidth();
    final int count = g.count();
    double sq = 0.0;
    for (int i = 0; i < gDense.length; i++) {
      sq += gDense[i] * gDense[i];
    }
    for (int s = 0; s < count; s++) {
      sq += gRows[s * width] * gRows[s * width];
    }
    return Math.sqrt(sq);
  }

  /**
   * With netPerturbation off: replaces the net group's entries of the second gradient (dense, and column 0
   * of each row) with the first evaluation's, as the official code restores {@code old_g}.
   */
  private void useCleanNetGradient(SparseGradient clean, SparseGradient perturbed, double[] cleanDense,
      double[] perturbedDense) {
    System.arraycopy(cleanDense, 0, perturbedDense, 0, cleanDense.length);
    final int count = perturbed.count();
    if (count != clean.count()) {
      throw new IllegalStateException("The gradient oracle touched " + clean.count() + " rows at w and " + count
          + " at w + e: both evaluations of a step MUST use the same batch");
    }
    final int width = layout.rowWidth();
    final double[] cleanRows = clean.values();
    final double[] perturbedRows = perturbed.values();
    for (int s = 0; s < count; s++) {
      final int r = perturbed.row(s);
      final int cleanSlot = clean.slotOf(r);
      if (cleanSlot < 0) {
        throw new IllegalStateException("The gradient oracle touched row " + r
            + " at w + e but not at w: both evaluations of a step MUST use the same batch");
      }
      perturbedRows[s * width] = cleanRows[cleanSlot * width];
    }
  }

  public Mode mode() {
    return mode;
  }

  public double rho() {
    return rho;
  }

  public double zeta() {
    return zeta;
  }

  public boolean netPerturbation() {
    return netPerturbation;
  }

  /** The number of fields (embedding tables): the largest field id plus 1. */
  public int numFields() {
    return numFields;
  }

  /**
   * PAPER: feature j's radius factor max(N_j / max_{j' in f} N_j', zeta), so its radius is rho times it.
   *
   * @throws IllegalStateException in OFFICIAL_CODE mode, where the factor depends on the batch
   */
  public double featureScale(int j) {
    if (featureScale == null) {
      throw new IllegalStateException("Helen OFFICIAL_CODE mode has no fixed feature scale: it comes from each batch");
    }
    return featureScale[j];
  }

  @Override
  public int lastEvaluations() {
    return lastEvaluations;
  }

  @Override
  public DenseOptimizer base() {
    return base;
  }

  @Override
  public HelenStep copy() {
    return new HelenStep(base.copy(), mode, rho, zeta, netPerturbation, fieldOfFeature, numFields, featureScale);
  }
}
