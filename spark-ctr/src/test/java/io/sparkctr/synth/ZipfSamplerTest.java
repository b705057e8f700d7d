package io.sparkctr.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZipfSamplerTest {
  @ParameterizedTest
  @CsvSource({"10, 1.1", "3, 1.1", "1000, 1.1", "50, 1.0", "20, 0.5", "5, 2.5"})
  void frequenciesMatchTheZipfLaw(long n, double q) {
    final ZipfSampler zipf = new ZipfSampler(n, q);
    final SplitMix64 rng = new SplitMix64(99);
    final int draws = 200_000;
    final int shown = (int) Math.min(n, 5);
    final long[] counts = new long[shown + 1];
    for (int i = 0; i < draws; i++) {
      final long k = zipf.sample(rng);
      assertTrue(k >= 1 && k <= n, "rank " + k);
      if (k <= shown) {
        counts[(int) k]++;
      }
    }
    for (int k = 1; k <= shown; k++) {
      final double p = zipf.probability(k);
      // 5 binomial standard deviations
      final double tolerance = 5 * Math.sqrt(p * (1 - p) / draws);
      assertEquals(p, (double) counts[k] / draws, tolerance, "rank " + k);
    }
  }

  @ParameterizedTest
  @CsvSource({"1, 1.1", "10131227, 1.1"})
  void edgeCardinalities(long n, double q) {
    final ZipfSampler zipf = new ZipfSampler(n, q);
    final SplitMix64 rng = new SplitMix64(3);
    long ones = 0;
    for (int i = 0; i < 100_000; i++) {
      final long k = zipf.sample(rng);
      assertTrue(k >= 1 && k <= n);
      ones += k == 1 ? 1 : 0;
    }
    final double p1 = zipf.probability(1);
    assertEquals(p1, ones / 100_000.0, 5 * Math.sqrt(p1 * (1 - p1) / 100_000) + 1e-12);
  }

  @ParameterizedTest
  @CsvSource({"0, 1.1", "10, 0", "10, -1"})
  void rejectsBadParameters(long n, double q) {
    assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(n, q));
  }
}
