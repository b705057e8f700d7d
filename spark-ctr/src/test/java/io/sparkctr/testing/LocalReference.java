package io.sparkctr.testing;

import io.sparkctr.models.FeatureIndex;
import io.sparkctr.train.BlockSummary;
import io.sparkctr.train.CsrBlock;

/**
 * What the Spark estimators do to their training rows before the engine sees them, for building the
 * local reference a one-partition fit must equal: the features seen get model rows (the block is
 * remapped to them), and the intercept starts at the rows' base-rate log-odds.
 */
public final class LocalReference {
  private LocalReference() {}

  /** The model rows of a block's features. */
  public static FeatureIndex index(CsrBlock block) {
    return FeatureIndex.of(block.dimension(), block.distinctIndices());
  }

  /** The block in model rows. */
  public static CsrBlock compact(CsrBlock block) {
    return block.remap(index(block));
  }

  /** Where the intercept starts for these rows. */
  public static double interceptStart(CsrBlock block) {
    return BlockSummary.of(block).baseRateLogOdds();
  }
}
