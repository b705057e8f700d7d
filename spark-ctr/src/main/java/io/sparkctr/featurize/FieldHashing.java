package io.sparkctr.featurize;

/**
 * Field-aware feature hashing into one shared space of {@code 2^numBits} indices:
 *
 * <pre>
 * index(field, token) = murmur3_x86_32(utf8(token), seed = fieldSeed(field)) &amp; (2^numBits - 1)
 * fieldSeed(field)    = murmur3_x86_32(int32le(field), seed = 0)      (Guava's hashInt)
 * </pre>
 *
 * Salting the seed with the field index makes the same token in two fields land on unrelated
 * indices without building a "field + separator + token" string per feature. The salt depends on
 * the field's <em>position</em>, so reordering the input columns changes every index. This formula
 * is part of every saved hash-mode model: do not change it.
 */
public final class FieldHashing {
  private FieldHashing() {}

  /** Largest supported numBits (indices must stay non-negative ints). */
  public static final int MAX_BITS = 30;

  /** The seed used for field {@code field}. */
  public static int fieldSeed(final int field) {
    return Murmur3.hashInt(field, 0);
  }

  /**
   * @param field field index, >= 0
   * @param token the feature token (not null)
   * @param numBits in [1, 30]
   * @return an index in [0, 2^numBits)
   */
  public static int index(final int field, final String token, final int numBits) {
    assert numBits >= 1 && numBits <= MAX_BITS : numBits;
    return Murmur3.hash(token, fieldSeed(field)) & ((1 << numBits) - 1);
  }

  /** As {@link #index(int, String, int)} with a precomputed {@link #fieldSeed(int)}. */
  public static int indexWithSeed(final int seed, final String token, final int numBits) {
    return Murmur3.hash(token, seed) & ((1 << numBits) - 1);
  }
}
