package io.sparkctr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Expected values computed with Python 3's math module (e.g. {@code math.log(2)}, {@code math.exp(-40)}). */
class NumericsTest {
  private static final double TOLERANCE = 1e-15;
  private static final double LN3 = Math.log(3);

  @Test
  void sigmoid() {
    assertEquals(0.5, Numerics.sigmoid(0), 0);
    assertEquals(0.75, Numerics.sigmoid(LN3), TOLERANCE); // 1 / (1 + 1/3)
    assertEquals(0.25, Numerics.sigmoid(-LN3), TOLERANCE);
    assertEquals(1.0, Numerics.sigmoid(800), 0);
    assertEquals(0.0, Numerics.sigmoid(-800), 0);
    assertEquals(1.9287498479639178e-22, Numerics.sigmoid(-50), 1e-36); // ~ exp(-50), no cancellation
    assertTrue(Double.isNaN(Numerics.sigmoid(Double.NaN)));
  }

  @Test
  void log1pExp() {
    assertEquals(0.6931471805599453, Numerics.log1pExp(0), TOLERANCE); // log 2
    assertEquals(1000.0, Numerics.log1pExp(1000), 0); // exp(1000) would overflow
    assertEquals(1.9287498479639178e-22, Numerics.log1pExp(-50), 1e-36); // log1p(exp(-50))
    assertEquals(Math.log(4), Numerics.log1pExp(LN3), TOLERANCE);
  }

  @Test
  void logisticLossAtHandComputedPoints() {
    assertEquals(0.2876820724517809, Numerics.logisticLoss(LN3, 1), TOLERANCE); // -log(0.75)
    assertEquals(1.3862943611198906, Numerics.logisticLoss(LN3, 0), TOLERANCE); // -log(0.25)
    assertEquals(0.6931471805599453, Numerics.logisticLoss(0, 1), TOLERANCE);
    // log1p(exp(-40)) = 4.248354255291589e-18: log1pExp(40) - 40 would cancel to 0
    assertEquals(4.248354255291589e-18, Numerics.logisticLoss(40, 1), 1e-32);
    assertEquals(4.248354255291589e-18, Numerics.logisticLoss(-40, 0), 1e-32);
    assertEquals(1000.0, Numerics.logisticLoss(-1000, 1), 0);
  }

  @Test
  void logisticLossEqualsTheFormulaAndMatchesLogLoss() {
    final SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < 1000; i++) {
      final double m = rng.nextDouble(-20, 20);
      final double y = rng.nextInt(2);
      assertEquals(Numerics.log1pExp(m) - y * m, Numerics.logisticLoss(m, y), 1e-12);
      if (Math.abs(m) > 10) {
        continue; // beyond that, 1 - sigmoid(m) in LogLoss loses digits to cancellation: the reason for logisticLoss
      }
      final double p = Numerics.sigmoid(m);
      assertEquals(LogLoss.of(new double[] {p}, new double[] {y}, 1), Numerics.logisticLoss(m, y), 1e-9);
    }
    // soft label: (1 - y) log1pExp(m) + y log1pExp(-m)
    assertEquals(0.5 * Math.log(4) + 0.5 * Math.log(4.0 / 3), Numerics.logisticLoss(LN3, 0.5), 1e-15);
  }
}
