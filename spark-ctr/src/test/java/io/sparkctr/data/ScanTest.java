package io.sparkctr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanTest {
  private static double parse(String s) {
    final String padded = "x:" + s + " ";
    return Scan.parseFiniteDouble(padded, 2, 2 + s.length());
  }

  @Test
  void fastPathAgreesWithDoubleParseDoubleBitForBit() {
    final SplittableRandom rng = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      final String s;
      switch (i % 4) {
        case 0:
          s = Double.toString(rng.nextDouble() * Math.pow(10, rng.nextInt(-8, 9)));
          break;
        case 1:
          s = String.format(Locale.ROOT, "%." + rng.nextInt(0, 20) + "f", rng.nextDouble(-1000, 1000));
          break;
        case 2:
          s = Long.toString(rng.nextLong(-10_000_000_000L, 10_000_000_000L));
          break;
        default:
          s = "0." + Long.toString(rng.nextLong(0, Long.MAX_VALUE)) + rng.nextInt(0, 1000);
      }
      assertEquals(
          Double.doubleToLongBits(Double.parseDouble(s)), Double.doubleToLongBits(parse(s)), s);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.3651", "-0.5", "+2", "1e-3", "1.5E+10", ".5", "5.", "-0", "0.000000000000000000000001"})
  void acceptsDecimalSpellings(String s) {
    assertEquals(Double.doubleToLongBits(Double.parseDouble(s)), Double.doubleToLongBits(parse(s)), s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "+", ".", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e400", "-1e999", "1d",
      "2f", "0x1p3", "1.2.3", "--1", "1e", "e5", "1,5", "1:2", " 1"})
  void rejectsNonFiniteOrMalformed(String s) {
    assertTrue(Double.isNaN(parse(s)), s);
  }

  @Test
  void parseLongHandlesSignsAndOverflow() {
    assertEquals(0L, Scan.parseLong("0", 0, 1));
    assertEquals(-12L, Scan.parseLong("-12", 0, 3));
    assertEquals(12L, Scan.parseLong("+12", 0, 3));
    assertEquals(Long.MAX_VALUE, Scan.parseLong("9223372036854775807", 0, 19));
    assertEquals(-Long.MAX_VALUE, Scan.parseLong("-9223372036854775807", 0, 20));
    assertEquals(Scan.NOT_A_LONG, Scan.parseLong("9223372036854775808", 0, 19));
    assertEquals(Scan.NOT_A_LONG, Scan.parseLong("99999999999999999999", 0, 20));
    assertEquals(Scan.NOT_A_LONG, Scan.parseLong("", 0, 0));
    assertEquals(Scan.NOT_A_LONG, Scan.parseLong("-", 0, 1));
    assertEquals(Scan.NOT_A_LONG, Scan.parseLong("1.0", 0, 3));
    assertEquals(Scan.NOT_A_LONG, Scan.parseLong("12a", 0, 3));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 5, 31, 32, 33, 100, 1000})
  void sortByKeyMatchesArraysSortAndKeepsPayloadAligned(int n) {
    final SplittableRandom rng = new SplittableRandom(7 + n);
    final int[] keys = new int[n];
    final int[] fields = new int[n];
    final double[] values = new double[n];
    final long[] expected = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = rng.nextInt(0, Math.max(1, n / 2)); // ties on purpose
      fields[i] = rng.nextInt(0, 1000);
      values[i] = keys[i] * 1000.0 + fields[i]; // payload that encodes its own key
      expected[i] = (long) keys[i] << 32 | fields[i];
    }
    Arrays.sort(expected);
    Scan.sortByKey(keys, values, fields, n);
    for (int i = 0; i < n; i++) {
      assertEquals(expected[i], (long) keys[i] << 32 | fields[i]);
      assertEquals(keys[i] * 1000.0 + fields[i], values[i]);
    }
  }
}
