package io.sparkctr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Expected values computed with Python 3's math module, e.g. {@code -math.log(0.9)}. */
class LogLossTest {
  private static final double TOLERANCE = 1e-15;

  @Test
  void scikitLearnDocumentationExample() {
    // sklearn.metrics.log_loss docs: log_loss(["spam", "ham", "ham", "spam"],
    //   [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) = 0.21616187468057912 (spam is the positive class)
    // = (-log(.9) - log(.9) - log(.8) - log(.65)) / 4
    final double[] p = {0.9, 0.1, 0.2, 0.65};
    final double[] y = {1, 0, 0, 1};
    assertEquals(0.21616187468057912, LogLoss.of(p, y, 4), TOLERANCE);
  }

  @Test
  void singleExamples() {
    assertEquals(0.10536051565782628, LogLoss.of(new double[] {0.9}, new double[] {1}, 1), TOLERANCE); // -log(.9)
    assertEquals(0.2231435513142097, LogLoss.of(new double[] {0.2}, new double[] {0}, 1), TOLERANCE); // -log(.8)
  }

  @Test
  void clampsProbabilities() {
    // -log(1e-15) = 34.538776394910684
    assertEquals(34.538776394910684, LogLoss.of(new double[] {0.0}, new double[] {1}, 1), 1e-12);
    assertEquals(34.538776394910684, LogLoss.of(new double[] {1.0}, new double[] {0}, 1), 1e-3);
    assertEquals(0.0, LogLoss.of(new double[] {1.0}, new double[] {1}, 1), 1e-14);
  }

  @Test
  void weightsEqualReplication() {
    final double[] p = {0.9, 0.1, 0.2, 0.65};
    final double[] y = {1, 0, 0, 1};
    final double[] w = {2, 0, 1, 3};
    final double[] pr = {0.9, 0.9, 0.2, 0.65, 0.65, 0.65};
    final double[] yr = {1, 1, 0, 1, 1, 1};
    assertEquals(LogLoss.of(pr, yr, 6), LogLoss.of(p, y, w, 4), TOLERANCE);
    assertTrue(Double.isNaN(LogLoss.of(p, y, new double[4], 4)));
    assertTrue(Double.isNaN(LogLoss.of(p, y, 0)));
  }

  @Test
  void compensatedSumKeepsTheMeanOfManyEqualTermsExact() {
    final int n = 1_000_003;
    final double[] p = new double[n];
    final double[] y = new double[n];
    Arrays.fill(p, 0.3);
    Arrays.fill(y, 1);
    // compensated: within 2 ulp (the final division rounds once more); a naive running sum accumulates error growing with n
    assertEquals(-Math.log(0.3), LogLoss.of(p, y, n), 2 * Math.ulp(-Math.log(0.3)));
  }

  @Test
  void rejectsBadInput() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> LogLoss.of(new double[] {1.5}, new double[] {1}, 1)).getMessage().contains("[0, 1], but got 1.5"));
    assertThrows(IllegalArgumentException.class, () -> LogLoss.of(new double[] {Double.NaN}, new double[] {1}, 1));
    assertThrows(IllegalArgumentException.class, () -> LogLoss.of(new double[] {0.5}, new double[] {-1}, 1));
    assertThrows(IllegalArgumentException.class, () -> LogLoss.of(new double[] {0.5}, new double[] {1}, 2));
    assertThrows(IllegalArgumentException.class,
        () -> LogLoss.of(new double[] {0.5}, new double[] {1}, new double[] {Double.NaN}, 1));
  }
}
