package io.sparkctr.optim.dense;

import java.io.Serializable;

/**
 * The shape of a deep CTR model's two parameter groups (see the package documentation): {@code numRows}
 * sparse rows of {@code 1 + factorSize} doubles (first-order weight, then the embedding) and {@code
 * denseSize} dense parameters.
 *
 * @param numRows number of sparse rows (features), &gt;= 0
 * @param factorSize embedding dimension k, &gt;= 0 (0: rows hold only the first-order weight)
 * @param denseSize number of dense (MLP) parameters, &gt;= 0
 */
public record ParameterLayout(int numRows, int factorSize, int denseSize) implements Serializable {
  public ParameterLayout {
    if (numRows < 0) {
      throw new IllegalArgumentException("numRows MUST be >= 0, but got " + numRows);
    }
    if (factorSize < 0) {
      throw new IllegalArgumentException("factorSize MUST be >= 0, but got " + factorSize);
    }
    if (denseSize < 0) {
      throw new IllegalArgumentException("denseSize MUST be >= 0, but got " + denseSize);
    }
    if ((long) numRows * (1L + factorSize) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("numRows * (1 + factorSize) MUST fit a Java array, but got "
          + numRows + " * " + (1L + factorSize) + "; hash features into fewer rows");
    }
  }

  /** Doubles per sparse row: the first-order weight plus the embedding, {@code 1 + factorSize}. */
  public int rowWidth() {
    return 1 + factorSize;
  }

  /** Length of the sparse parameter array, {@code numRows * rowWidth()}. */
  public int sparseSize() {
    return numRows * rowWidth();
  }

  /** Throws unless the arrays have this layout's lengths. */
  public void checkParameters(double[] sparse, double[] dense) {
    if (sparse.length != sparseSize()) {
      throw new IllegalArgumentException("Dimension mismatch: layout has " + numRows + " rows of " + rowWidth()
          + " = " + sparseSize() + " sparse parameters, array has " + sparse.length);
    }
    if (dense.length != denseSize) {
      throw new IllegalArgumentException(
          "Dimension mismatch: layout has " + denseSize + " dense parameters, array has " + dense.length);
    }
  }

  /** Throws unless a gradient has this layout's shape. */
  public void checkGradient(SparseGradient sparseGrad, double[] denseGrad) {
    if (sparseGrad.numRows() != numRows || sparseGrad.rowWidth() != rowWidth()) {
      throw new IllegalArgumentException("Dimension mismatch: layout has " + numRows + " rows of " + rowWidth()
          + ", sparse gradient has " + sparseGrad.numRows() + " rows of " + sparseGrad.rowWidth());
    }
    if (denseGrad.length != denseSize) {
      throw new IllegalArgumentException(
          "Dimension mismatch: layout has " + denseSize + " dense parameters, dense gradient has " + denseGrad.length);
    }
  }
}
