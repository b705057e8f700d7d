package io.sparkctr.featurize;

/**
 * MurmurHash3 x86_32 (Austin Appleby, SMHasher, public domain:
 * https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp).
 *
 * <p>{@link #hash(String, int)} hashes the UTF-8 encoding of a string without allocating: the
 * bytes are produced on the fly from the chars and fed through the 4-byte block loop. Unpaired
 * surrogates are encoded as {@code '?'}, exactly as {@link String#getBytes(java.nio.charset.Charset)}
 * does, so {@code hash(s, seed) == hash(s.getBytes(UTF_8), 0, n, seed)} for every string. The
 * result equals Guava's {@code murmur3_32_fixed().hashString(s, UTF_8)} and Spark's
 * {@code Murmur3_x86_32.hashUnsafeBytes2}.
 */
public final class Murmur3 {
  private Murmur3() {}

  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  /** Hashes the UTF-8 bytes of {@code s} (must not be null) with {@code seed}. */
  public static int hash(final String s, final int seed) {
    int h = seed;
    int block = 0; // little-endian accumulator of up to 4 pending bytes
    int shift = 0; // number of pending bits in block
    int length = 0; // total number of UTF-8 bytes
    final int n = s.length();
    for (int i = 0; i < n; i++) {
      final char c = s.charAt(i);
      int cp = c;
      int nbytes;
      if (c < 0x80) {
        nbytes = 1;
      } else if (c < 0x800) {
        nbytes = 2;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          cp = Character.toCodePoint(c, s.charAt(++i));
          nbytes = 4;
        } else {
          cp = '?'; // what String.getBytes(UTF_8) writes for an unpaired surrogate
          nbytes = 1;
        }
      } else {
        nbytes = 3;
      }
      for (int b = 0; b < nbytes; b++) {
        final int octet;
        if (nbytes == 1) {
          octet = cp;
        } else if (b == 0) {
          // lead byte: 110xxxxx, 1110xxxx or 11110xxx
          octet = (0xF00 >> nbytes) & 0xFF | (cp >>> (6 * (nbytes - 1)));
        } else {
          octet = 0x80 | ((cp >>> (6 * (nbytes - 1 - b))) & 0x3F);
        }
        block |= (octet & 0xFF) << shift;
        shift += 8;
        length++;
        if (shift == 32) {
          h = mixH1(h, mixK1(block));
          block = 0;
          shift = 0;
        }
      }
    }
    if (shift != 0) {
      h ^= mixK1(block);
    }
    return fmix(h, length);
  }

  /** Hashes {@code len} bytes of {@code data} starting at {@code off} with {@code seed}. */
  public static int hash(final byte[] data, final int off, final int len, final int seed) {
    if (off < 0 || len < 0 || off + len > data.length) {
      throw new IndexOutOfBoundsException(
          "Range [" + off + ", " + off + "+" + len + ") MUST lie in [0, " + data.length + ")");
    }
    int h = seed;
    final int blocks = len >>> 2;
    for (int i = 0; i < blocks; i++) {
      final int p = off + (i << 2);
      final int k =
          (data[p] & 0xFF) | (data[p + 1] & 0xFF) << 8 | (data[p + 2] & 0xFF) << 16 | (data[p + 3] << 24);
      h = mixH1(h, mixK1(k));
    }
    final int tail = off + (blocks << 2);
    int k = 0;
    switch (len & 3) {
      case 3:
        k ^= (data[tail + 2] & 0xFF) << 16;
        // fall through
      case 2:
        k ^= (data[tail + 1] & 0xFF) << 8;
        // fall through
      case 1:
        k ^= data[tail] & 0xFF;
        h ^= mixK1(k);
        break;
      default:
        break;
    }
    return fmix(h, len);
  }

  /** Hashes the 4 little-endian bytes of {@code value} (Guava's {@code hashInt}). */
  public static int hashInt(final int value, final int seed) {
    return fmix(mixH1(seed, mixK1(value)), 4);
  }

  private static int mixK1(int k1) {
    k1 *= C1;
    k1 = Integer.rotateLeft(k1, 15);
    return k1 * C2;
  }

  private static int mixH1(int h1, final int k1) {
    h1 ^= k1;
    h1 = Integer.rotateLeft(h1, 13);
    return h1 * 5 + 0xe6546b64;
  }

  /** Finalization mix: forces all bits of the hash block to avalanche. */
  private static int fmix(int h1, final int length) {
    h1 ^= length;
    h1 ^= h1 >>> 16;
    h1 *= 0x85ebca6b;
    h1 ^= h1 >>> 13;
    h1 *= 0xc2b2ae35;
    h1 ^= h1 >>> 16;
    return h1;
  }
}
