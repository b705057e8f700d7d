package io.sparkctr.models.fm;

import io.sparkctr.models.MarginFunction;

/**
 * A margin over a {@link FactorLayout} ({@link FmMargin}, {@link FfmMargin}): the layout's sizes and
 * the random start of the factors, N(0, initStd^2) from a seed.
 */
public abstract class FactorizedMargin implements MarginFunction {
  private static final long serialVersionUID = 1L;

  protected final FactorLayout layout;
  private final double initStd;
  private final long seed;

  FactorizedMargin(FactorLayout layout, double initStd, long seed) {
    if (!(initStd >= 0) || !Double.isFinite(initStd)) {
      throw new IllegalArgumentException("initStd MUST be finite and >= 0, but got " + initStd);
    }
    this.layout = layout;
    this.initStd = initStd;
    this.seed = seed;
  }

  public final FactorLayout layout() {
    return layout;
  }

  @Override
  public final int numFeatures() {
    return layout.numFeatures();
  }

  @Override
  public final int dimension() {
    return layout.dimension();
  }

  @Override
  public final int numRegularized() {
    return layout.numRegularized();
  }

  @Override
  public final boolean fitIntercept() {
    return layout.fitIntercept();
  }

  @Override
  public final double[] initialWeights() {
    return layout.factorSize() == 0 || initStd == 0.0 ? null : layout.randomStart(initStd, seed);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + layout + ", initStd=" + initStd + ", seed=" + seed + ")";
  }
}
