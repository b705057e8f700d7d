package io.sparkctr.models.deepfm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The top Hessian eigenvalue of a DeepFM's batch loss restricted to a group of embedding rows (the
 * sharpness diagnostic behind Helen, Zhu et al., WWW 2024: frequent features sit in sharper minima).
 * Power iteration on Hessian-vector products taken by central finite differences of the kernel's
 * gradient, Hv ≈ (g(w + εv) − g(w − εv)) / 2ε with ‖v‖ = 1, over the embedding coordinates of the group's
 * features only (first-order weights and the MLP held fixed). Returns the eigenvalue of largest
 * magnitude (at a minimum, the largest). The parameters are not changed.
 */
public final class EmbeddingSharpness {
  private final DeepFmKernel kernel;
  private final double[] sparse;
  private final double[] dense;
  private final int[] rowStart;
  private final int[] indices;
  private final double[] values;
  private final int[] fields;
  private final double[] labels;
  private final int[] rows;
  private final int batchSize;
  private final double[] denseGradient;
  private final DeepFmSparseGradient gradient;

  /**
   * @param kernel a kernel with maxBatchSize &gt;= the batch, dropout 0 (the loss must be deterministic)
   * @param sparse, dense the model's parameters (read; restored after each product)
   * @param rows the batch: row ids of the CSR arrays
   */
  public EmbeddingSharpness(DeepFmKernel kernel, double[] sparse, double[] dense, int[] rowStart, int[] indices,
      double[] values, int[] fields, double[] labels, int[] rows) {
    if (kernel.dropoutRate() != 0.0) {
      throw new IllegalArgumentException("The sharpness needs a deterministic loss: dropout MUST be 0, but got "
          + kernel.dropoutRate());
    }
    this.kernel = kernel;
    this.sparse = sparse.clone();
    this.dense = dense;
    this.rowStart = rowStart;
    this.indices = indices;
    this.values = values;
    this.fields = fields;
    this.labels = labels;
    this.rows = rows;
    this.batchSize = rows.length;
    this.denseGradient = new double[dense.length];
    this.gradient = new DeepFmSparseGradient(kernel.layout(), 64);
  }

  /** The embedding coordinates of the given features, ascending. */
  public int[] coordinates(int[] features) {
    final DeepFmLayout layout = kernel.layout();
    final int k = layout.embeddingDim();
    int[] sorted = features.clone();
    Arrays.sort(sorted);
    int[] out = new int[sorted.length * k];
    for (int f = 0; f < sorted.length; f++) {
      for (int c = 0; c < k; c++) {
        out[f * k + c] = layout.embeddingOffset(sorted[f]) + c;
      }
    }
    return out;
  }

  /** out = H v restricted to {@code coordinates} (v and out indexed like coordinates). */
  public void hessianTimes(int[] coordinates, double[] v, double epsilon, double[] out) {
    final double[] plus = gradientAt(coordinates, v, epsilon);
    final double[] minus = gradientAt(coordinates, v, -epsilon);
    for (int i = 0; i < coordinates.length; i++) {
      out[i] = (plus[i] - minus[i]) / (2 * epsilon);
    }
  }

  private double[] gradientAt(int[] coordinates, double[] v, double step) {
    for (int i = 0; i < coordinates.length; i++) {
      sparse[coordinates[i]] += step * v[i];
    }
    kernel.lossAndGradient(sparse, dense, rowStart, indices, values, fields, labels, null, rows, 0, batchSize, 0L,
        denseGradient, gradient);
    for (int i = 0; i < coordinates.length; i++) {
      sparse[coordinates[i]] -= step * v[i];
    }
    // The kernel lists each touched feature's (1 + k) gradient; pick the coordinates asked for.
    final DeepFmLayout layout = kernel.layout();
    final int width = layout.sparseRowSize();
    final double[] full = new double[coordinates.length];
    final int[] features = gradient.features();
    final double[] g = gradient.values();
    for (int s = 0; s < gradient.size(); s++) {
      final int from = layout.sparseRowOffset(features[s]);
      for (int c = 0; c < width; c++) {
        final int at = Arrays.binarySearch(coordinates, from + c);
        if (at >= 0) {
          full[at] = g[s * width + c];
        }
      }
    }
    return full;
  }

  /**
   * The top (largest) eigenvalue of the Hessian restricted to {@code coordinates}: power iteration from a
   * seeded random start finds the eigenvalue of largest magnitude; when that one is negative, a second
   * power iteration on H - lambda I (whose eigenvalues are all &gt;= 0) finds the largest. Each runs
   * {@code iterations} Hessian-vector products.
   */
  public double topEigenvalue(int[] coordinates, int iterations, double epsilon, long seed) {
    return largestEigenvalue((v, hv) -> hessianTimes(coordinates, v, epsilon, hv), coordinates.length, iterations,
        seed);
  }

  /** A symmetric linear map, out = A v. */
  @FunctionalInterface
  interface SymmetricOperator {
    void apply(double[] v, double[] out);
  }

  /** The largest eigenvalue of a symmetric {@code n x n} operator; see {@link #topEigenvalue}. */
  static double largestEigenvalue(SymmetricOperator a, int n, int iterations, long seed) {
    if (n == 0) {
      return 0.0;
    }
    final double dominant = dominantEigenvalue(a, n, iterations, seed);
    if (dominant >= 0.0) {
      return dominant;
    }
    return dominant + dominantEigenvalue((v, out) -> {
      a.apply(v, out);
      for (int i = 0; i < n; i++) {
        out[i] -= dominant * v[i];
      }
    }, n, iterations, seed + 1);
  }

  /** The eigenvalue of largest magnitude (its Rayleigh quotient after {@code iterations} power steps). */
  private static double dominantEigenvalue(SymmetricOperator a, int n, int iterations, long seed) {
    double[] v = new double[n];
    final SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble(-1, 1);
    }
    normalize(v);
    final double[] av = new double[n];
    double lambda = 0.0;
    for (int t = 0; t < iterations; t++) {
      a.apply(v, av);
      lambda = dot(v, av); // Rayleigh quotient, v of unit norm
      final double norm = Math.sqrt(dot(av, av));
      if (norm == 0.0) {
        return 0.0;
      }
      for (int i = 0; i < n; i++) {
        v[i] = av[i] / norm;
      }
    }
    return lambda;
  }

  private static void normalize(double[] v) {
    final double norm = Math.sqrt(dot(v, v));
    for (int i = 0; i < v.length; i++) {
      v[i] /= norm;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0.0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
