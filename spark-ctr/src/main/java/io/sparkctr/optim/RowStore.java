package io.sparkctr.optim;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One table of parameter rows in {@code float}s: each row holds its weights and, beside them, the
 * optimizer's per-parameter state ({@code stride} floats in all, laid out by the {@link RowOptimizer}), and
 * optionally an {@code int} clock (the step the row was last brought current, for the lazy optimizers).
 *
 * <p>Two kinds. The <em>owner</em> holds every row, row r at offset {@code r * stride}. A <em>view</em>
 * ({@link #view()}) is a pass's private, copy-on-touch overlay of an owner: the first {@link #touch} of a row
 * copies it (and its clock) from the owner into the view, and the pass reads and writes only there; the
 * owner is never written, so any number of views (one per Spark task) share one owner, each costing memory
 * in proportion to the rows it touched. The view is an open-addressing hash table whose entries hold the
 * row itself (its key and clock first, then its floats), so looking a row up and reading it is one cache
 * line, not an index lookup and then the data. Its entries are also exactly the rows a pass ships back for
 * merging ({@link #touchedRows()}).
 *
 * <p>Not thread-safe; an owner must not change while views of it are in use.
 */
public final class RowStore implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int rows;
  private final int stride;
  private final boolean clocked;
  /** The view's owner, or null for an owner. */
  private final RowStore owner;
  /** Owner: rows x stride. View: capacity entries of {@link #entry} floats: key, [clock,] the row. */
  private float[] data;
  /** Owner: per row, the step it was last current at; null when not clocked (views keep it in the entry). */
  private int[] clock;
  /** View: floats per entry; the row's floats start {@link #header} floats into it. */
  private final int entry;
  private final int header;
  private int capacity;
  private int slots;

  /**
   * An owner of {@code rows} rows of {@code stride} floats, all zero (clocks at 0).
   *
   * @param clocked whether each row keeps a clock
   */
  public RowStore(int rows, int stride, boolean clocked) {
    if (rows < 0 || stride < 1 || (long) rows * stride >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("A row store MUST have rows >= 0, stride >= 1 and fewer than 2^31 - 1"
          + " floats, but got " + rows + " rows of " + stride);
    }
    this.rows = rows;
    this.stride = stride;
    this.clocked = clocked;
    this.owner = null;
    this.data = new float[rows * stride];
    this.clock = clocked ? new int[rows] : null;
    this.header = 0;
    this.entry = stride;
  }

  private RowStore(RowStore owner) {
    this.rows = owner.rows;
    this.stride = owner.stride;
    this.clocked = owner.clocked;
    this.owner = owner;
    this.header = clocked ? 2 : 1;
    this.entry = stride + header;
    this.capacity = 64;
    this.data = new float[capacity * entry];
  }

  private RowStore(RowStore other, boolean deep) {
    this.rows = other.rows;
    this.stride = other.stride;
    this.clocked = other.clocked;
    this.owner = other.owner;
    this.data = other.data.clone();
    this.clock = other.clock == null ? null : other.clock.clone();
    this.header = other.header;
    this.entry = other.entry;
    this.capacity = other.capacity;
    this.slots = other.slots;
  }

  /** A private copy-on-touch view of this owner, for one pass. */
  public RowStore view() {
    if (owner != null) {
      throw new IllegalStateException("A view of a view is not supported: take a view of the owner");
    }
    return new RowStore(this);
  }

  /** An independent deep copy (an owner's rows, or a view's entries over the same owner). */
  public RowStore copy() {
    return new RowStore(this, true);
  }

  public boolean isView() {
    return owner != null;
  }

  public int rows() {
    return rows;
  }

  /** Floats per row. */
  public int stride() {
    return stride;
  }

  public boolean clocked() {
    return clocked;
  }

  /**
   * The floats of this store: an owner's rows, or a view's entries. Read it after the {@link #touch}es of a
   * step: a view's array grows (and moves) as rows are touched ({@link #reserve}).
   */
  public float[] data() {
    return data;
  }

  /** The offset of row {@code row} in an owner's {@link #data()}. */
  public int ownerOffset(int row) {
    return row * stride;
  }

  /**
   * Makes room in a view for {@code more} rows, so that touching them moves no row already touched: call it
   * before the touches of a step, whose offsets must all stay valid.
   */
  public void reserve(int more) {
    if (owner != null && 2 * (slots + more) > capacity) {
      int c = capacity;
      while (2 * (slots + more) > c) {
        c *= 2;
      }
      rehash(c);
    }
  }

  /**
   * The offset in {@link #data()} of row {@code row}, ready to be read and written: an owner's own; a
   * view's entry, created on the first touch from the owner's row and clock. A view must have room
   * ({@link #reserve}).
   */
  public int touch(int row) {
    if (owner == null) {
      return row * stride;
    }
    final float key = Float.intBitsToFloat(row + 1);
    final int mask = capacity - 1;
    int h = hash(row, capacity);
    while (true) {
      final int at = h * entry;
      final int k = Float.floatToRawIntBits(data[at]);
      if (k == row + 1) {
        return at + header;
      }
      if (k == 0) {
        if (row < 0 || row >= rows) {
          throw new IndexOutOfBoundsException("Row MUST be in [0, " + rows + "), but got " + row);
        }
        data[at] = key;
        if (clocked) {
          data[at + 1] = Float.intBitsToFloat(owner.clock[row]);
        }
        System.arraycopy(owner.data, row * stride, data, at + header, stride);
        if (2 * ++slots > capacity) {
          throw new IllegalStateException("A view MUST reserve room before its touches: " + slots + " rows in "
              + capacity + " entries");
        }
        return at + header;
      }
      h = (h + 1) & mask;
    }
  }

  private static int hash(int row, int capacity) {
    return (row * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(capacity));
  }

  private void rehash(int newCapacity) {
    final float[] old = data;
    final int oldCapacity = capacity;
    data = new float[newCapacity * entry];
    capacity = newCapacity;
    final int mask = newCapacity - 1;
    for (int e = 0; e < oldCapacity; e++) {
      final int k = Float.floatToRawIntBits(old[e * entry]);
      if (k != 0) {
        int h = hash(k - 1, newCapacity);
        while (Float.floatToRawIntBits(data[h * entry]) != 0) {
          h = (h + 1) & mask;
        }
        System.arraycopy(old, e * entry, data, h * entry, entry);
      }
    }
  }

  /** The clock of the row whose floats start at {@code offset} (0 when not clocked). */
  public int clockAt(int offset) {
    if (!clocked) {
      return 0;
    }
    return owner == null ? clock[offset / stride] : Float.floatToRawIntBits(data[offset - 1]);
  }

  /** Sets the clock of the row whose floats start at {@code offset}. */
  public void setClockAt(int offset, int step) {
    if (owner == null) {
      clock[offset / stride] = step;
    } else {
      data[offset - 1] = Float.intBitsToFloat(step);
    }
  }

  /** A view's touched rows, ascending. */
  public int[] touchedRows() {
    if (owner == null) {
      throw new IllegalStateException("An owner has no touched rows: only a view does");
    }
    final int[] out = new int[slots];
    int n = 0;
    for (int e = 0; e < capacity; e++) {
      final int k = Float.floatToRawIntBits(data[e * entry]);
      if (k != 0) {
        out[n++] = k - 1;
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** The offset in a view's {@link #data()} of touched row {@code row}'s floats, or -1 if untouched. */
  public int viewOffset(int row) {
    final int mask = capacity - 1;
    int h = hash(row, capacity);
    while (true) {
      final int at = h * entry;
      final int k = Float.floatToRawIntBits(data[at]);
      if (k == row + 1) {
        return at + header;
      }
      if (k == 0) {
        return -1;
      }
      h = (h + 1) & mask;
    }
  }

  /** Rows a view holds (touched); an owner: all rows. */
  public int storedRows() {
    return owner == null ? rows : slots;
  }

  /** The owner a view reads from, or null for an owner. */
  public RowStore owner() {
    return owner;
  }

  /** Bytes of parameter and state data this store holds (floats and clocks). */
  public long bytes() {
    return 4L * data.length + (clock == null ? 0 : 4L * clock.length);
  }
}
