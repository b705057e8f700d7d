package io.sparkctr.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class Murmur3Test {

  /**
   * Seed 0, UTF-8: Guava's Murmur3Hash32Test.testKnownEncodedStringInputs
   * (google/guava, guava-tests/test/com/google/common/hash/Murmur3Hash32Test.java).
   */
  static Stream<Arguments> guavaUtf8Vectors() {
    return Stream.of(
        Arguments.of("", 0, 0),
        Arguments.of("k", 0, 0xcfbda5d1),
        Arguments.of("hell", 0, 0xa167dbf3),
        Arguments.of("hello", 0, 0x248bfa47),
        Arguments.of("http://www.google.com/", 0, 0x3d41b97c),
        Arguments.of("The quick brown fox jumps over the lazy dog", 0, 0x2e4ff723),
        Arguments.of("ABCDefGHI\u0799", 0, 0xb5a4be05),
        Arguments.of("毎月１日,毎週月曜日", 0, 0xfc5ba834),
        Arguments.of("surrogate pair: \uD83D\uDCB0", 0, 0x8a5c3699));
  }

  /**
   * Seeded vectors from SMHasher's reference implementation as collected by Ian Boyd
   * (https://stackoverflow.com/a/31929528) and used by the mmh3 Python package's tests and the
   * Wikipedia MurmurHash article.
   */
  static Stream<Arguments> seededVectors() {
    return Stream.of(
        Arguments.of("", 1, 0x514E28B7),
        Arguments.of("", 0xffffffff, 0x81F16F39),
        Arguments.of("aaaa", 0x9747b28c, 0x5A97808A),
        Arguments.of("aaa", 0x9747b28c, 0x283E0130),
        Arguments.of("aa", 0x9747b28c, 0x5D211726),
        Arguments.of("a", 0x9747b28c, 0x7FA09EA6),
        Arguments.of("abcd", 0x9747b28c, 0xF0478627),
        Arguments.of("abc", 0x9747b28c, 0xC84A62DD),
        Arguments.of("ab", 0x9747b28c, 0x74875592),
        Arguments.of("Hello, world!", 0x9747b28c, 0x24884CBA),
        Arguments.of("ππππππππ", 0x9747b28c, 0xD58063C1),
        Arguments.of("a".repeat(256), 0x9747b28c, 0x37405BDC),
        Arguments.of("abc", 0, 0xB3DD93FA),
        Arguments.of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 0, 0xEE925B90),
        Arguments.of("The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2FA826CD));
  }

  @ParameterizedTest
  @MethodSource({"guavaUtf8Vectors", "seededVectors"})
  void stringHashMatchesPublishedVectors(String s, int seed, int expected) {
    assertEquals(expected, Murmur3.hash(s, seed), s);
    final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    assertEquals(expected, Murmur3.hash(bytes, 0, bytes.length, seed), s);
  }

  /** Guava's Murmur3Hash32Test.testKnownIntegerInputs (murmur3_32().hashInt, seed 0). */
  @Test
  void hashIntMatchesGuava() {
    assertEquals(593689054, Murmur3.hashInt(0, 0));
    assertEquals(-189366624, Murmur3.hashInt(-42, 0));
    assertEquals(-1134849565, Murmur3.hashInt(42, 0));
  }

  @Test
  void streamingUtf8EqualsHashOfEncodedBytesOnRandomStrings() {
    final SplittableRandom rnd = new SplittableRandom(42);
    for (int t = 0; t < 2000; t++) {
      final int len = rnd.nextInt(20);
      final StringBuilder sb = new StringBuilder();
      for (int i = 0; i < len; i++) {
        // mix ASCII, 2- and 3-byte chars, surrogates (paired and unpaired)
        switch (rnd.nextInt(4)) {
          case 0: sb.append((char) rnd.nextInt(0x80)); break;
          case 1: sb.append((char) (0x80 + rnd.nextInt(0x780))); break;
          case 2: sb.append((char) rnd.nextInt(0x10000)); break;
          default: sb.appendCodePoint(0x10000 + rnd.nextInt(0x100000));
        }
      }
      final String s = sb.toString();
      final int seed = rnd.nextInt();
      final byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertEquals(Murmur3.hash(b, 0, b.length, seed), Murmur3.hash(s, seed), s);
    }
  }
}
