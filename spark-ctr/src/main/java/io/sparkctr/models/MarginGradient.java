package io.sparkctr.models;

import java.util.Arrays;

/**
 * Scratch for {@link MarginFunction#forward}: the coordinates one row's margin depends on, the
 * derivative of the margin with respect to each, and the weight each was read at. Reused across rows
 * (one per task), growing geometrically, so the hot loop allocates nothing per row.
 */
public final class MarginGradient {
  public int size;
  public int[] coordinates = new int[64];
  public double[] derivatives = new double[64];
  public double[] weights = new double[64];

  /** Empties the list and makes room for {@code capacity} entries. */
  public void reset(int capacity) {
    size = 0;
    if (capacity > coordinates.length) {
      final int n = Math.max(capacity, 2 * coordinates.length);
      coordinates = new int[n];
      derivatives = new double[n];
      weights = new double[n];
    }
  }

  /** Appends one coordinate; room must have been made by {@link #reset}. */
  public void add(int coordinate, double derivative, double weight) {
    coordinates[size] = coordinate;
    derivatives[size] = derivative;
    weights[size] = weight;
    size++;
  }

  private int[] fieldCounts = new int[0];
  private int[] slots = new int[64];
  private double[] sums = new double[8];

  /**
   * A per-field counter array of at least {@code numFields} entries, all zero; whoever uses it must
   * leave it all zero again (field-aware models count a row's fields in it).
   */
  public int[] fieldCounts(int numFields) {
    if (fieldCounts.length < numFields) {
      fieldCounts = new int[numFields];
    }
    return fieldCounts;
  }

  /** An int scratch array of at least {@code n} entries, contents unspecified. */
  public int[] slots(int n) {
    if (slots.length < n) {
      slots = new int[Math.max(n, 2 * slots.length)];
    }
    return slots;
  }

  /** A double scratch array of at least {@code n} entries, contents unspecified. */
  public double[] sums(int n) {
    if (sums.length < n) {
      sums = new double[n];
    }
    return sums;
  }

  /** A copy of the coordinates listed so far (tests and diagnostics). */
  public int[] coordinateList() {
    return Arrays.copyOf(coordinates, size);
  }
}
