package io.sparkctr.models.fm;

import io.sparkctr.models.Gaussian;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The flat parameter layout of a (field-aware) factorization machine with named offsets:
 *
 * <pre>
 *   [ w_0 .. w_{n-1} | v(0, 0) .. v(n-1, F-1) | intercept ]
 *     linear (fitLinear) factors, k each        (fitIntercept)
 * </pre>
 *
 * where v(j, f) is feature j's k-dimensional factor for interacting with field f (one field, F = 1,
 * for Rendle's FM; libffm's layout for F &gt; 1). Each factor vector is one <em>embedding row</em>:
 * the group of the group-lasso optimizers, {@link #factorOffset()} and {@link #factorSize()} give their
 * layout. With k = 0 and fitLinear this is logistic regression's layout.
 *
 * @param numFeatures n, the size of the feature space
 * @param numFields F, 1 for FM
 * @param factorSize k &gt;= 0
 */
public record FactorLayout(int numFeatures, int numFields, int factorSize, boolean fitLinear, boolean fitIntercept)
    implements Serializable {
  public FactorLayout {
    if (numFeatures < 0) {
      throw new IllegalArgumentException("numFeatures MUST be >= 0, but got " + numFeatures);
    }
    if (numFields < 1) {
      throw new IllegalArgumentException("numFields MUST be >= 1, but got " + numFields);
    }
    if (factorSize < 0) {
      throw new IllegalArgumentException("factorSize MUST be >= 0, but got " + factorSize);
    }
    final long coordinates = (fitLinear ? numFeatures : 0L) + (long) numFeatures * numFields * factorSize
        + (fitIntercept ? 1 : 0);
    if (coordinates >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("A model of " + numFeatures + " features, " + numFields + " fields and "
          + factorSize + " factors has " + coordinates + " parameters; it MUST have fewer than 2^31 - 1."
          + " Use fewer hash bits, fewer fields or a smaller factorSize.");
    }
  }

  /** First factor coordinate (after the linear weights). */
  public int factorOffset() {
    return fitLinear ? numFeatures : 0;
  }

  /** First coordinate of v(j, field). */
  public int factor(int j, int field) {
    return factorOffset() + (j * numFields + field) * factorSize;
  }

  /** Penalised coordinates: linear weights and factors. */
  public int numRegularized() {
    return factorOffset() + numFeatures * numFields * factorSize;
  }

  /** The intercept's coordinate, or -1. */
  public int interceptIndex() {
    return fitIntercept ? numRegularized() : -1;
  }

  /** All coordinates. */
  public int dimension() {
    return numRegularized() + (fitIntercept ? 1 : 0);
  }

  /** Number of embedding rows, n * F. */
  public int numEmbeddingRows() {
    return numFeatures * numFields;
  }

  /**
   * Factors drawn from N(0, initStd^2) in coordinate order from {@code seed}; linear weights and the
   * intercept 0. The same seed gives the same start on every machine.
   */
  public double[] randomStart(double initStd, long seed) {
    if (!(initStd >= 0) || !Double.isFinite(initStd)) {
      throw new IllegalArgumentException("initStd MUST be finite and >= 0, but got " + initStd);
    }
    final double[] w = new double[dimension()];
    final SplittableRandom random = new SplittableRandom(seed);
    final int end = numRegularized();
    for (int i = factorOffset(); i < end; i++) {
      w[i] = initStd * Gaussian.next(random);
    }
    return w;
  }
}
