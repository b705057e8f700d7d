package io.sparkctr.ml.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkctr.featurize.FieldHashing;
import io.sparkctr.featurize.Murmur3;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.junit.jupiter.api.Test;

/** Our pure-Java Murmur3 equals Spark's standard-conforming variant (hashUnsafeBytes2). */
class SparkMurmur3ParityTest {

  @Test
  void matchesSparkOnRandomStrings() {
    final SplittableRandom rnd = new SplittableRandom(7);
    for (int t = 0; t < 1000; t++) {
      final StringBuilder sb = new StringBuilder();
      final int len = rnd.nextInt(24);
      for (int i = 0; i < len; i++) {
        sb.appendCodePoint(rnd.nextBoolean() ? 0x20 + rnd.nextInt(0x5f) : 0xa0 + rnd.nextInt(0x3000));
      }
      final byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
      final int seed = rnd.nextInt();
      assertEquals(Murmur3_x86_32.hashUnsafeBytes2(b, Platform.BYTE_ARRAY_OFFSET, b.length, seed),
          Murmur3.hash(sb.toString(), seed));
    }
  }

  @Test
  void fieldHashingIsSaltedMurmurMasked() {
    for (int f = 0; f < 50; f++) {
      for (String token : new String[] {"", "a", "68fd1e64", "47"}) {
        final int index = FieldHashing.index(f, token, 18);
        assertEquals(Murmur3.hash(token, Murmur3.hashInt(f, 0)) & ((1 << 18) - 1), index);
        assertEquals(true, index >= 0 && index < (1 << 18));
      }
    }
    // the same token lands on different indices in different fields (for these fields and bits)
    assertEquals(false, FieldHashing.index(0, "a", 20) == FieldHashing.index(1, "a", 20));
  }
}
