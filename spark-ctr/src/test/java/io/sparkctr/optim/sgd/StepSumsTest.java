package io.sparkctr.optim.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** {@link StepSums} against term-by-term sums (in BigDecimal where the range is long). */
class StepSumsTest {
  /** The expansion's relative error: a few ulps; the row optimizers need far less (float weights). */
  private static final double RELATIVE = 1e-12;

  private static final long[][] RANGES = {{0, 1}, {0, 5}, {3, 20}, {0, 64}, {10, 65}, {63, 200}, {64, 81},
      {64, 1000}, {100, 100_000}, {999_983, 1_000_001}, {999_983, 1_000_983}, {5_000_000, 5_200_000},
      {0, 300_000}, {2_000_000_000L, 2_000_050_000L}};

  private static double exactPowerSum(long a, long b, double p) {
    BigDecimal sum = BigDecimal.ZERO;
    for (long s = b; s > a; s--) {
      sum = sum.add(new BigDecimal(Math.pow((double) s, -p)), MathContext.DECIMAL128);
    }
    return sum.doubleValue();
  }

  @Test
  void powerSumMatchesTheSumTermByTerm() {
    for (double p : new double[] {0.5, 1.0, 1.5, 2.0, 3.5}) {
      for (long[] r : RANGES) {
        double expected = exactPowerSum(r[0], r[1], p);
        assertEquals(expected, StepSums.powerSum(r[0], r[1], p), RELATIVE * expected,
            "p = " + p + ", steps " + (r[0] + 1) + ".." + r[1]);
      }
    }
    assertEquals(0.0, StepSums.powerSum(7, 7, 0.5));
    assertEquals(0.0, StepSums.powerSum(9, 7, 0.5));
  }

  @Test
  void logDecaySumMatchesTheSumTermByTerm() {
    for (double c : new double[] {1e-4, 0.05, 0.5, 0.99}) {
      for (long[] r : RANGES) {
        BigDecimal sum = BigDecimal.ZERO;
        for (long s = r[1]; s > r[0]; s--) {
          sum = sum.add(new BigDecimal(Math.log1p(-c / Math.sqrt((double) s))), MathContext.DECIMAL128);
        }
        double expected = sum.doubleValue();
        assertEquals(expected, StepSums.logDecaySum(r[0], r[1], c), RELATIVE * Math.abs(expected),
            "c = " + c + ", steps " + (r[0] + 1) + ".." + r[1]);
      }
    }
  }
}
