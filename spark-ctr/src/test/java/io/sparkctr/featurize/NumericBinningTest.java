package io.sparkctr.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumericBinningTest {

  private static String expected(long x) {
    return x > 2 ? Long.toString((long) Math.floor(Math.log(x) * Math.log(x))) : Long.toString(x);
  }

  @Test
  void binsLikeBars() {
    for (long x : new long[] {0, 1, 2, 3, 10, 1000, -5, 7, 20, 1_000_000_000_000L, Long.MAX_VALUE, -200}) {
      assertEquals(expected(x), NumericBinning.bin(Long.toString(x)), "x = " + x);
    }
    // literal values: ln(3)^2 = 1.207, ln(10)^2 = 5.302, ln(1000)^2 = 47.717
    assertEquals("1", NumericBinning.bin("3"));
    assertEquals("5", NumericBinning.bin("10"));
    assertEquals("47", NumericBinning.bin("1000"));
    assertEquals("0", NumericBinning.bin("0"));
    assertEquals("2", NumericBinning.bin("2"));
    assertEquals("-5", NumericBinning.bin("-5"));
    assertEquals("", NumericBinning.bin(""));
    assertEquals("-1", NumericBinning.bin("-1"));
    assertEquals("1", NumericBinning.bin("+1"));
    assertEquals(expected(Long.MIN_VALUE), NumericBinning.bin(Long.toString(Long.MIN_VALUE)));
  }

  @Test
  void rejectsNonIntegers() {
    for (String bad : new String[] {"abc", "1.5", " 1", "-", "+", "9223372036854775808", "1e3"}) {
      assertNull(NumericBinning.tryBin(bad), bad);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumericBinning.bin(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
