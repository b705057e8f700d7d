package io.sparkctr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AucTest {
  private static final double TOLERANCE = 1e-12;

  /** Reference: the definition, every (positive, negative) pair, ties one half. */
  private static double naive(double[] s, double[] y, double[] w, int n) {
    double num = 0;
    double pos = 0;
    double neg = 0;
    for (int i = 0; i < n; i++) {
      final double wi = w == null ? 1 : w[i];
      if (y[i] == 1) {
        pos += wi;
      } else {
        neg += wi;
      }
      if (y[i] != 1) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        if (y[j] == 0) {
          final double wj = w == null ? 1 : w[j];
          num += s[i] > s[j] ? wi * wj : s[i] == s[j] ? 0.5 * wi * wj : 0;
        }
      }
    }
    return num / (pos * neg);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 10, 57, 500, 2000})
  void matchesNaivePairCountWithTies(int n) {
    final SplittableRandom rng = new SplittableRandom(1234 + n);
    for (int trial = 0; trial < 5; trial++) {
      final double[] s = new double[n + 3]; // longer than n: only the first n count
      final double[] y = new double[n + 3];
      final double[] w = new double[n + 3];
      final int levels = 1 + rng.nextInt(20); // few levels: many ties
      for (int i = 0; i < n; i++) {
        y[i] = rng.nextDouble() < 0.3 ? 1 : 0;
        s[i] = Math.floor((rng.nextDouble() + 0.3 * y[i]) * levels) / levels;
        w[i] = rng.nextInt(4) == 0 ? 0.0 : rng.nextDouble(0.1, 3);
      }
      y[0] = 1;
      y[1] = 0;
      s[n] = Double.NaN; // beyond n: ignored
      y[n + 1] = 7;
      assertEquals(naive(s, y, null, n), Auc.of(s, y, n), TOLERANCE);
      assertEquals(naive(s, y, w, n), Auc.of(s, y, w, n), TOLERANCE);
    }
  }

  @Test
  void scikitLearnDocumentationExample() {
    // sklearn.metrics.roc_auc_score docs: y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] -> 0.75
    assertEquals(0.75, Auc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new double[] {0, 0, 1, 1}, 4), 0.0);
  }

  @Test
  void extremesAndTies() {
    final double[] y = {0, 1, 0, 1};
    assertEquals(1.0, Auc.of(new double[] {1, 2, 1, 3}, y, 4));
    assertEquals(0.0, Auc.of(new double[] {3, 2, 4, 1}, y, 4));
    assertEquals(0.5, Auc.of(new double[] {5, 5, 5, 5}, y, 4));
    assertEquals(0.5, Auc.of(new double[] {-0.0, 0.0, 0.0, -0.0}, y, 4), "-0.0 and 0.0 tie");
    assertEquals(1.0, Auc.of(new double[] {Double.NEGATIVE_INFINITY, 0, -1, Double.POSITIVE_INFINITY}, y, 4));
  }

  @Test
  void integerWeightsEqualReplication() {
    final double[] s = {0.1, 0.5, 0.5, 0.9, 0.3};
    final double[] y = {0, 1, 0, 1, 1};
    final double[] w = {2, 1, 3, 0, 1};
    final double[] sr = {0.1, 0.1, 0.5, 0.5, 0.5, 0.5, 0.3};
    final double[] yr = {0, 0, 1, 0, 0, 0, 1};
    assertEquals(Auc.of(sr, yr, 7), Auc.of(s, y, w, 5), TOLERANCE);
  }

  @Test
  void nanWhenOneClassIsAbsent() {
    assertTrue(Double.isNaN(Auc.of(new double[] {1, 2}, new double[] {1, 1}, 2)));
    assertTrue(Double.isNaN(Auc.of(new double[] {1, 2}, new double[] {0, 0}, 2)));
    assertTrue(Double.isNaN(Auc.of(new double[0], new double[0], 0)));
    assertTrue(Double.isNaN(Auc.of(new double[] {1, 2}, new double[] {0, 1}, new double[] {1, 0}, 2)));
  }

  @Test
  void rejectsBadInput() {
    final double[] y = {0, 1};
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Auc.of(new double[] {Double.NaN, 1}, y, 2))
        .getMessage().contains("NaN at index 0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Auc.of(new double[] {0, 1}, new double[] {0, 2}, 2))
        .getMessage().contains("Labels MUST be in {0, 1}, but got 2.0 at index 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Auc.of(new double[] {0, 1}, y, 3))
        .getMessage().contains("Dimension mismatch"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Auc.of(new double[] {0, 1}, y, new double[] {1, -1}, 2)).getMessage().contains("Weights MUST"));
    assertThrows(IllegalArgumentException.class, () -> Auc.of(new double[] {0, 1}, y, -1));
  }
}
