package io.sparkctr.featurize;

import java.util.Arrays;

/**
 * One row's field tokens to its sparse one-hot features: the index of each field's token (hashed into
 * 2^numBits, or looked up in a {@link Vocabulary}), sorted and deduplicated. Two fields that land on
 * one index (a hash collision) give one entry whose value is the number of fields there, and whose
 * field is the lowest of them. The Spark featurizer and the serving model both encode with this class,
 * so a served row gets exactly the training features.
 *
 * <p>Holds per-row scratch: one instance per thread or task.
 */
public final class RowEncoder {
  private final int numFields;
  private final Vocabulary vocabulary;
  private final int numBits;
  private final int[] seeds;
  private final long[] keys; // (index << 32) | field, sorted per row

  /**
   * @param numFields fields per row ({@link FieldLayout#numFields()})
   * @param vocabulary the vocabulary (vocab encoding), or null for hashing
   * @param numBits hashing space 2^numBits (ignored with a vocabulary)
   */
  public RowEncoder(int numFields, Vocabulary vocabulary, int numBits) {
    if (vocabulary != null && vocabulary.numFields() != numFields) {
      throw new IllegalArgumentException(
          "Dimension mismatch: " + numFields + " fields, the vocabulary has " + vocabulary.numFields());
    }
    this.numFields = numFields;
    this.vocabulary = vocabulary;
    this.numBits = numBits;
    this.seeds = new int[numFields];
    for (int f = 0; f < numFields; f++) {
      seeds[f] = FieldHashing.fieldSeed(f);
    }
    this.keys = new long[numFields];
  }

  /** The feature index of {@code token} in {@code field}. */
  public int index(int field, String token) {
    return vocabulary != null ? vocabulary.index(field, token) : FieldHashing.indexWithSeed(seeds[field], token, numBits);
  }

  /**
   * Encodes one row's field tokens into {@code indices}, {@code values} and {@code fields} (each of
   * length at least numFields), ascending by index.
   *
   * @return the number of entries written
   */
  public int encode(String[] tokens, int[] indices, double[] values, int[] fields) {
    for (int f = 0; f < numFields; f++) {
      keys[f] = ((long) index(f, tokens[f]) << 32) | f;
    }
    Arrays.sort(keys, 0, numFields);
    int at = -1;
    for (int k = 0; k < numFields; k++) {
      final int index = (int) (keys[k] >>> 32);
      if (at < 0 || indices[at] != index) {
        at++;
        indices[at] = index;
        values[at] = 0.0;
        fields[at] = (int) keys[k]; // lowest field first: keys sort by (index, field)
      }
      values[at] += 1.0;
    }
    return at + 1;
  }
}
