package io.sparkctr.train;

import java.io.Serializable;

/**
 * Which training rows are held out to validate each epoch (and are never trained on): the rows the input
 * marked (a validation indicator column, as MLlib's GBT {@code validationIndicatorCol}), or a share
 * {@code fraction} of all rows, drawn at random from a seed or, for time-ordered data, the last rows in
 * input order (so validation is the future of training, as in production). A row's fate depends only on its
 * global position in the input and the seed, not on how the input is partitioned.
 *
 * @param mode {@code "none"}, {@code "indicator"}, {@code "random"} or {@code "rowOrder"}
 * @param fraction the held-out share for random and rowOrder, in (0, 1)
 * @param seed seed of the random draw
 */
public record ValidationSplit(String mode, double fraction, long seed) implements Serializable {
  /** No validation rows: epochs stop on the training loss. */
  public static final ValidationSplit NONE = new ValidationSplit("none", 0.0, 0L);

  public ValidationSplit {
    switch (mode) {
      case "none":
      case "indicator":
        break;
      case "random":
      case "rowOrder":
        if (!(fraction > 0 && fraction < 1)) {
          throw new IllegalArgumentException("A validation fraction MUST be in (0, 1), but got " + fraction);
        }
        break;
      default:
        throw new IllegalArgumentException(
            "A validation split MUST be none, indicator, random or rowOrder, but got '" + mode + "'");
    }
  }

  /** Whether any row can be held out. */
  public boolean holdsOut() {
    return !mode.equals("none");
  }

  /**
   * The held-out rows of one block.
   *
   * @param firstRow the global position (0-based, in input order) of the block's first row
   * @param totalRows the number of rows over all blocks
   */
  public boolean[] validationRows(CsrBlock block, long firstRow, long totalRows) {
    final int n = block.numRows();
    final boolean[] out = new boolean[n];
    switch (mode) {
      case "indicator":
        for (int r = 0; r < n; r++) {
          out[r] = block.markedValidation(r);
        }
        break;
      case "random":
        for (int r = 0; r < n; r++) {
          out[r] = uniform(seed, firstRow + r) < fraction;
        }
        break;
      case "rowOrder": {
        final long firstHeldOut = totalRows - Math.round(fraction * totalRows);
        for (int r = 0; r < n; r++) {
          out[r] = firstRow + r >= firstHeldOut;
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  /** A uniform draw in [0, 1) that depends only on (seed, position): SplitMix64's finalizer over both. */
  static double uniform(long seed, long position) {
    long x = seed + 0x9E3779B97F4A7C15L * (position + 1);
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    x ^= x >>> 31;
    return (x >>> 11) * 0x1.0p-53;
  }
}
