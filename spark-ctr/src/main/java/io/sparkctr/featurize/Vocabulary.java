package io.sparkctr.featurize;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Per-field token dictionaries laid out in one contiguous index space.
 *
 * <p>Layout: field {@code f} occupies {@code [offset(f), offset(f) + fieldSize(f))}. Its
 * <b>first</b> index, {@code offset(f)}, is the field's out-of-vocabulary (OOV) index, named
 * {@link #OOV_TOKEN}; it receives tokens whose count was below {@code minCount} and tokens never
 * seen. Then come the kept tokens (count >= minCount) sorted by <b>count descending, then token
 * ascending</b> ({@link String#compareTo}), so the layout is a pure function of the count table.
 * Fields follow each other in field order, so {@code size() = sum_f (1 + kept_f)}.
 *
 * <p>Lookups go through one {@code HashMap<String, Integer>} per field (rebuilt after
 * deserialization); {@link #index(int, String)} allocates nothing.
 */
public final class Vocabulary implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Name reported by {@link #token(int)} for each field's OOV index. */
  public static final String OOV_TOKEN = "<oov>";

  private final String[] fieldNames;
  private final long minCount;
  /** offsets[f] = first index of field f; offsets[numFields] = size(). */
  private final int[] offsets;
  /** tokens[i] = token of index i (OOV_TOKEN at each field's offset). */
  private final String[] tokens;
  /** counts[i] = count of token i; at an OOV index, the summed counts of the dropped tokens. */
  private final long[] counts;

  private transient HashMap<String, Integer>[] lookup;

  Vocabulary(String[] fieldNames, long minCount, int[] offsets, String[] tokens, long[] counts) {
    if (offsets.length != fieldNames.length + 1 || tokens.length != counts.length
        || offsets[fieldNames.length] != tokens.length) {
      throw new IllegalArgumentException("Inconsistent vocabulary arrays: " + fieldNames.length
          + " fields, " + offsets.length + " offsets, " + tokens.length + " tokens, " + counts.length + " counts");
    }
    for (int f = 0; f < fieldNames.length; f++) {
      if (offsets[f + 1] <= offsets[f] || !OOV_TOKEN.equals(tokens[offsets[f]])) {
        throw new IllegalArgumentException("Field " + fieldNames[f] + " MUST start with its OOV index");
      }
    }
    this.fieldNames = fieldNames.clone();
    this.minCount = minCount;
    this.offsets = offsets;
    this.tokens = tokens;
    this.counts = counts;
    buildLookup();
  }

  @SuppressWarnings("unchecked")
  private void buildLookup() {
    lookup = new HashMap[fieldNames.length];
    for (int f = 0; f < fieldNames.length; f++) {
      final int from = offsets[f] + 1;
      final int to = offsets[f + 1];
      final HashMap<String, Integer> map = new HashMap<>(Math.max(16, (int) ((to - from) / 0.75f) + 1));
      for (int i = from; i < to; i++) {
        if (map.put(tokens[i], i) != null) {
          throw new IllegalArgumentException(
              "Token '" + tokens[i] + "' appears twice in field " + fieldNames[f]);
        }
      }
      lookup[f] = map;
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    buildLookup();
  }

  /** A builder for the given fields; tokens with count below {@code minCount} go to the OOV index. */
  public static Builder builder(List<String> fieldNames, long minCount) {
    return new Builder(fieldNames.toArray(new String[0]), minCount);
  }

  /** Index of {@code token} in field {@code field}; the field's OOV index if the token is not kept. */
  public int index(final int field, final String token) {
    final Integer i = lookup[field].get(token);
    return i == null ? offsets[field] : i;
  }

  /** The OOV index of field {@code field} (= {@link #offset(int)}). */
  public int oovIndex(final int field) {
    return offsets[field];
  }

  /** Total number of indices over all fields. */
  public int size() {
    return tokens.length;
  }

  public int numFields() {
    return fieldNames.length;
  }

  public String fieldName(final int field) {
    return fieldNames[field];
  }

  /** The field names, in field order (a copy). */
  public String[] fieldNames() {
    return fieldNames.clone();
  }

  public long minCount() {
    return minCount;
  }

  /** First index of field {@code field}. */
  public int offset(final int field) {
    return offsets[field];
  }

  /** Number of indices of field {@code field}, OOV included. */
  public int fieldSize(final int field) {
    return offsets[field + 1] - offsets[field];
  }

  /** The field that index {@code index} belongs to. */
  public int fieldOf(final int index) {
    checkIndex(index);
    final int pos = Arrays.binarySearch(offsets, index);
    if (pos >= 0) {
      // index is a field's first index; several offsets are never equal because fields are non-empty
      return pos;
    }
    return -pos - 2;
  }

  /** Token of index {@code index} ({@link #OOV_TOKEN} for OOV indices). */
  public String token(final int index) {
    checkIndex(index);
    return tokens[index];
  }

  /** Count of index {@code index}; for an OOV index, the total count of the tokens it absorbed. */
  public long count(final int index) {
    checkIndex(index);
    return counts[index];
  }

  /** True when {@code index} is a field's OOV index. */
  public boolean isOov(final int index) {
    return offsets[fieldOf(index)] == index;
  }

  private void checkIndex(final int index) {
    if (index < 0 || index >= tokens.length) {
      throw new IndexOutOfBoundsException("Index MUST be in [0, " + tokens.length + "), but got " + index);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Vocabulary)) {
      return false;
    }
    final Vocabulary v = (Vocabulary) o;
    return minCount == v.minCount && Arrays.equals(fieldNames, v.fieldNames) && Arrays.equals(offsets, v.offsets)
        && Arrays.equals(tokens, v.tokens) && Arrays.equals(counts, v.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(tokens) * 31 + Arrays.hashCode(offsets);
  }

  @Override
  public String toString() {
    return "Vocabulary(fields=" + fieldNames.length + ", size=" + tokens.length + ", minCount=" + minCount + ")";
  }

  /** Package-private raw access for {@link VocabularyCodec}. */
  int[] offsetsArray() {
    return offsets;
  }

  String[] tokensArray() {
    return tokens;
  }

  long[] countsArray() {
    return counts;
  }

  /** Collects (field, token, count) triples, then sorts them into a {@link Vocabulary}. */
  public static final class Builder {
    private final String[] fieldNames;
    private final long minCount;
    private final String[][] fieldTokens;
    private final long[][] fieldCounts;
    private final int[] sizes;
    private final long[] oovCounts;

    Builder(String[] fieldNames, long minCount) {
      if (minCount < 1) {
        throw new IllegalArgumentException("minCount MUST be >= 1, but got " + minCount);
      }
      this.fieldNames = fieldNames.clone();
      this.minCount = minCount;
      final int n = fieldNames.length;
      fieldTokens = new String[n][8];
      fieldCounts = new long[n][8];
      sizes = new int[n];
      oovCounts = new long[n];
    }

    /**
     * Adds one token's total count in a field (each (field, token) at most once). Tokens below
     * minCount only add to the field's OOV count.
     */
    public Builder add(final int field, final String token, final long count) {
      if (field < 0 || field >= fieldNames.length) {
        throw new IllegalArgumentException(
            "Field index MUST be in [0, " + fieldNames.length + "), but got " + field);
      }
      if (token == null || count < 0) {
        throw new IllegalArgumentException(
            "Token MUST be non-null with a count >= 0, but got '" + token + "' with " + count);
      }
      if (count < minCount) {
        oovCounts[field] += count;
        return this;
      }
      int s = sizes[field];
      if (s == fieldTokens[field].length) {
        fieldTokens[field] = Arrays.copyOf(fieldTokens[field], 2 * s);
        fieldCounts[field] = Arrays.copyOf(fieldCounts[field], 2 * s);
      }
      fieldTokens[field][s] = token;
      fieldCounts[field][s] = count;
      sizes[field] = s + 1;
      return this;
    }

    /** Adds {@code count} occurrences of dropped tokens to field {@code field}'s OOV count. */
    public Builder addToOov(final int field, final long count) {
      if (field < 0 || field >= fieldNames.length || count < 0) {
        throw new IllegalArgumentException("Field index MUST be in [0, " + fieldNames.length
            + ") and count >= 0, but got field " + field + " with count " + count);
      }
      oovCounts[field] += count;
      return this;
    }

    public Vocabulary build() {
      final int n = fieldNames.length;
      final int[] offsets = new int[n + 1];
      long total = 0;
      for (int f = 0; f < n; f++) {
        total += 1 + sizes[f];
      }
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("Vocabulary MUST have fewer than 2^31 indices, but got " + total
            + "; raise minCount");
      }
      final String[] tokens = new String[(int) total];
      final long[] counts = new long[(int) total];
      int at = 0;
      for (int f = 0; f < n; f++) {
        offsets[f] = at;
        tokens[at] = OOV_TOKEN;
        counts[at] = oovCounts[f];
        at++;
        final String[] ft = fieldTokens[f];
        final long[] fc = fieldCounts[f];
        final Integer[] order = new Integer[sizes[f]];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
          final int byCount = Long.compare(fc[b], fc[a]);
          return byCount != 0 ? byCount : ft[a].compareTo(ft[b]);
        });
        for (Integer i : order) {
          tokens[at] = ft[i];
          counts[at] = fc[i];
          at++;
        }
      }
      offsets[n] = at;
      return new Vocabulary(fieldNames, minCount, offsets, tokens, counts);
    }
  }
}
