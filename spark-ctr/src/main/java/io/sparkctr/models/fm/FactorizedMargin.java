package io.sparkctr.models.fm;

import io.sparkctr.models.MarginFunction;

/** A margin over a {@link FactorLayout}: {@link FmMargin} and {@link FfmMargin}. */
public interface FactorizedMargin extends MarginFunction {
  FactorLayout layout();
}
