package io.sparkctr.models.deepfm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

/**
 * The sharpness estimate against the exact top eigenvalue of a Hessian formed explicitly on a tiny
 * model: entries by second differences of the loss itself (not of the gradient the estimate uses),
 * eigenvalues by commons-math's dense symmetric decomposition.
 */
class EmbeddingSharpnessTest {
  @Test
  void powerIterationFindsTheExactTopEigenvalueOfTheRestrictedHessian() {
    DeepFmLayout layout = new DeepFmLayout(10, 2, 2, new int[] {3}, true);
    DeepFmKernel kernel = new DeepFmKernel(layout, 16, 0.0, 0.0);
    double[] sparse = layout.randomSparse(0.5, 3L);
    double[] dense = layout.randomDense(3L);
    // 16 rows, one feature per field: field 0 uses features 0-4, field 1 features 5-9.
    SplittableRandom random = new SplittableRandom(9L);
    int rows = 16;
    int[] rowStart = new int[rows + 1];
    int[] indices = new int[2 * rows];
    double[] values = new double[2 * rows];
    int[] fields = new int[2 * rows];
    double[] labels = new double[rows];
    int[] batch = new int[rows];
    for (int r = 0; r < rows; r++) {
      rowStart[r + 1] = 2 * (r + 1);
      indices[2 * r] = random.nextInt(5);
      indices[2 * r + 1] = 5 + random.nextInt(5);
      values[2 * r] = 1.0;
      values[2 * r + 1] = 1.0;
      fields[2 * r + 1] = 1;
      labels[r] = random.nextInt(2);
      batch[r] = r;
    }
    EmbeddingSharpness sharpness = new EmbeddingSharpness(kernel, sparse, dense, rowStart, indices, values, fields,
        labels, batch);
    for (int[] group : new int[][] {{0, 1, 6}, {2, 3, 4, 7, 8, 9}}) {
      int[] coordinates = sharpness.coordinates(group);
      int n = coordinates.length;
      double[][] hessian = new double[n][n];
      double h = 1e-4;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double[] w = sparse.clone();
          hessian[i][j] = (loss(kernel, w, dense, coordinates[i], h, coordinates[j], h, rowStart, indices, values,
              fields, labels, batch) - loss(kernel, w, dense, coordinates[i], h, coordinates[j], -h, rowStart, indices,
              values, fields, labels, batch) - loss(kernel, w, dense, coordinates[i], -h, coordinates[j], h, rowStart,
              indices, values, fields, labels, batch) + loss(kernel, w, dense, coordinates[i], -h, coordinates[j], -h,
              rowStart, indices, values, fields, labels, batch)) / (4 * h * h);
        }
      }
      double[] eigenvalues = new EigenDecomposition(new Array2DRowRealMatrix(hessian)).getRealEigenvalues();
      double top = Double.NEGATIVE_INFINITY;
      for (double e : eigenvalues) {
        top = Math.max(top, e);
      }
      double estimate = sharpness.topEigenvalue(coordinates, 300, 1e-5, 1L);
      assertEquals(top, estimate, 1e-4 * Math.max(1.0, Math.abs(top)), "group " + java.util.Arrays.toString(group));
    }
  }

  @Test
  void aNegativeDominantEigenvalueStillGivesTheLargest() {
    // Eigenvalues -5, 2 and 0.5 in a rotated basis: power iteration alone would report -5.
    double[][] q = {{0.6, 0.8, 0.0}, {-0.8, 0.6, 0.0}, {0.0, 0.0, 1.0}};
    double[] d = {-5.0, 2.0, 0.5};
    double[][] a = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          a[i][j] += q[i][k] * d[k] * q[j][k];
        }
      }
    }
    EmbeddingSharpness.SymmetricOperator op = (v, out) -> {
      for (int i = 0; i < 3; i++) {
        out[i] = a[i][0] * v[0] + a[i][1] * v[1] + a[i][2] * v[2];
      }
    };
    assertEquals(2.0, EmbeddingSharpness.largestEigenvalue(op, 3, 200, 5L), 1e-9);
    EmbeddingSharpness.SymmetricOperator negated = (v, out) -> {
      op.apply(v, out);
      for (int i = 0; i < 3; i++) {
        out[i] = -out[i];
      }
    };
    assertEquals(5.0, EmbeddingSharpness.largestEigenvalue(negated, 3, 200, 5L), 1e-9);
  }

  private static double loss(DeepFmKernel kernel, double[] w, double[] dense, int a, double da, int b, double db,
      int[] rowStart, int[] indices, double[] values, int[] fields, double[] labels, int[] batch) {
    double[] x = w.clone();
    x[a] += da;
    x[b] += db;
    return kernel.loss(x, dense, rowStart, indices, values, fields, labels, null, batch, 0, batch.length, 0L);
  }
}
