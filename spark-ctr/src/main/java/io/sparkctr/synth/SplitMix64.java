package io.sparkctr.synth;

/**
 * The SplitMix64 generator and its finalizer (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014; the finalizer is Stafford's "Mix13" variant of MurmurHash3's fmix64, as in {@code
 * java.util.SplittableRandom}). Written out here rather than calling {@code SplittableRandom} so that the synthetic
 * data stay bit-identical across JDK versions (e.g. {@code RandomGenerator.nextGaussian} is not specified
 * bit-for-bit).
 *
 * <p>Not thread-safe: create one per row (cheap: one long of state).
 */
final class SplitMix64 {
  /** Odd constant 2^64 / golden ratio, the SplitMix64 increment ("gamma"). */
  static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** Stafford variant 13 finalizer: a bijection on longs with good avalanche. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** @return a uniform double in [0, 1) from the top 53 bits of {@code bits} */
  static double unit(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }

  /** @return a standard normal variate from two hash values (Box-Muller; the first mapped into (0, 1]) */
  static double gaussian(long bits1, long bits2) {
    final double u1 = 1.0 - unit(bits1); // (0, 1]: log is finite
    final double u2 = unit(bits2);
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  double nextDouble() {
    return unit(nextLong());
  }

  double nextGaussian() {
    return gaussian(nextLong(), nextLong());
  }
}
