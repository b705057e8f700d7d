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
 * in proportion to the rows it touched. A view keeps its rows densely, in the order they were first touched
 * (slot s at {@code s * (stride + viewExtra)}), found through an open-addressing table of {@code long}s
 * (row + 1 and slot in one word, so a lookup is one probe of a compact array), or, for a pass over a block
 * whose features were renumbered into the block's own dictionary ({@link #view(int[], int)}), through an
 * array indexed by local row. Its rows are exactly what a pass ships back for merging
 * ({@link #touchedRows()}).
 *
 * <p>Not thread-safe; an owner must not change while views of it are in use.
 */
public final class RowStore implements Serializable {
  private static final long serialVersionUID = 3L;

  private final int rows;
  private final int stride;
  private final int viewExtra;
  private final boolean clocked;
  /** The view's owner, or null for an owner. */
  private final RowStore owner;
  /** Owner: rows x stride. View: slots x (stride + viewExtra), in first-touch order. */
  private float[] data;
  /** Owner: per row; view: per slot. The step the row was last current at; null when not clocked. */
  private int[] clock;
  /** View: floats per slot. */
  private final int entry;
  /** View: open addressing, (row + 1) << 32 | slot per entry, 0 empty. */
  private long[] table;
  /** View: the row in each slot. */
  private int[] rowOfSlot;
  private int slots;
  /**
   * Dictionary view: the features its rows belong to, ascending (local row l is owner row
   * {@code features[l / perFeature] * perFeature + l % perFeature}); null for a hashed view.
   */
  private final int[] features;
  private final int perFeature;
  /** Dictionary view: the slot of each local row, -1 before its first touch. */
  private int[] slotOfLocal;

  /** An owner of {@code rows} rows of {@code stride} floats, all zero (clocks at 0). */
  public RowStore(int rows, int stride, boolean clocked) {
    this(rows, stride, clocked, 0);
  }

  /**
   * An owner of {@code rows} rows of {@code stride} floats, all zero (clocks at 0), whose views give each
   * touched row {@code viewExtra} more floats after its {@code stride}, zero on the first touch: a pass's
   * bookkeeping (FTRL's contraction) that the owner never stores.
   */
  public RowStore(int rows, int stride, boolean clocked, int viewExtra) {
    if (rows < 0 || stride < 1 || viewExtra < 0 || (long) rows * stride >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("A row store MUST have rows >= 0, stride >= 1, viewExtra >= 0 and fewer"
          + " than 2^31 - 1 floats, but got " + rows + " rows of " + stride + " (+" + viewExtra + ")");
    }
    this.rows = rows;
    this.stride = stride;
    this.viewExtra = viewExtra;
    this.clocked = clocked;
    this.owner = null;
    this.data = new float[rows * stride];
    this.clock = clocked ? new int[rows] : null;
    this.entry = stride;
    this.features = null;
    this.perFeature = 0;
  }

  private RowStore(RowStore owner, int[] features, int perFeature) {
    this.rows = owner.rows;
    this.stride = owner.stride;
    this.viewExtra = owner.viewExtra;
    this.clocked = owner.clocked;
    this.owner = owner;
    this.entry = stride + viewExtra;
    this.features = features;
    this.perFeature = perFeature;
    if (features == null) {
      this.table = new long[128];
    } else {
      this.slotOfLocal = new int[Math.multiplyExact(features.length, perFeature)];
      Arrays.fill(slotOfLocal, -1);
    }
    this.rowOfSlot = new int[64];
    this.data = new float[64 * entry];
    this.clock = clocked ? new int[64] : null;
  }

  private RowStore(RowStore other, boolean deep) {
    this.rows = other.rows;
    this.stride = other.stride;
    this.viewExtra = other.viewExtra;
    this.clocked = other.clocked;
    this.owner = other.owner;
    this.data = other.data.clone();
    this.clock = other.clock == null ? null : other.clock.clone();
    this.entry = other.entry;
    this.table = other.table == null ? null : other.table.clone();
    this.rowOfSlot = other.rowOfSlot == null ? null : other.rowOfSlot.clone();
    this.slots = other.slots;
    this.features = other.features;
    this.perFeature = other.perFeature;
    this.slotOfLocal = other.slotOfLocal == null ? null : other.slotOfLocal.clone();
  }

  /** A private copy-on-touch view of this owner, for one pass. */
  public RowStore view() {
    if (owner != null) {
      throw new IllegalStateException("A view of a view is not supported: take a view of the owner");
    }
    return new RowStore(this, null, 0);
  }

  /**
   * A private copy-on-touch view of this owner for a pass that names its rows by <em>local</em> row: local row l
   * is owner row {@code features[l / perFeature] * perFeature + l % perFeature}, so a block of examples whose
   * feature indices were renumbered once into its own ascending {@code features} (its dictionary) finds a
   * row's slot by one array load instead of a hash probe. Costs one int per local row besides the touched
   * rows' floats. {@link #touched()} and {@link #viewOffset} still speak owner rows.
   *
   * @param features the features the local rows belong to, ascending and distinct
   * @param perFeature owner rows per feature (1; a field-aware table's number of fields)
   */
  public RowStore view(int[] features, int perFeature) {
    if (owner != null) {
      throw new IllegalStateException("A view of a view is not supported: take a view of the owner");
    }
    if (perFeature < 1 || (features.length > 0 && (long) (features[features.length - 1] + 1) * perFeature > rows)) {
      throw new IllegalArgumentException("A dictionary view MUST name owner rows below " + rows + ", but got "
          + features.length + " features of " + perFeature + " rows");
    }
    return new RowStore(this, features, perFeature);
  }

  /** The owner row of a row as this store's {@link #touch} names it (a dictionary view's local rows). */
  public int ownerRow(int row) {
    if (features == null) {
      return row;
    }
    return perFeature == 1 ? features[row] : features[row / perFeature] * perFeature + row % perFeature;
  }

  /** An independent deep copy (an owner's rows, or a view's rows over the same owner). */
  public RowStore copy() {
    return new RowStore(this, true);
  }

  public boolean isView() {
    return owner != null;
  }

  public int rows() {
    return rows;
  }

  /** Floats per row in the owner. */
  public int stride() {
    return stride;
  }

  /** Floats a view's row has after its {@link #stride()} (a pass's bookkeeping). */
  public int viewExtra() {
    return viewExtra;
  }

  public boolean clocked() {
    return clocked;
  }

  /**
   * The floats of this store: an owner's rows, or a view's slots. Read it after the {@link #reserve} of a
   * step: a view's array grows (and moves) there.
   */
  public float[] data() {
    return data;
  }

  /** The offset of row {@code row} in an owner's {@link #data()}. */
  public int ownerOffset(int row) {
    return row * stride;
  }

  /**
   * Makes room in a view for {@code more} new rows, so that touching them moves no row already touched:
   * call it before the touches of a step, whose offsets (and {@link #data()}) must all stay valid.
   */
  public void reserve(int more) {
    if (owner == null) {
      return;
    }
    final int needed = slots + more;
    if (needed > rowOfSlot.length) {
      final int n = Math.max(needed, 2 * rowOfSlot.length);
      rowOfSlot = Arrays.copyOf(rowOfSlot, n);
      data = Arrays.copyOf(data, n * entry);
      if (clocked) {
        clock = Arrays.copyOf(clock, n);
      }
    }
    if (table != null && 2 * needed > table.length) {
      int c = table.length;
      while (2 * needed > c) {
        c *= 2;
      }
      rehash(c);
    }
  }

  /**
   * The offset in {@link #data()} of row {@code row}, ready to be read and written: an owner's own; a
   * view's slot, created on the first touch from the owner's row and clock. A view must have room
   * ({@link #reserve}).
   */
  public int touch(int row) {
    if (owner == null) {
      return row * stride;
    }
    if (slotOfLocal != null) {
      final int slot = slotOfLocal[row];
      return slot >= 0 ? slot * entry : insert(ownerRow(row), row, -1);
    }
    final long[] t = table;
    final int mask = t.length - 1;
    int h = hash(row, t.length);
    while (true) {
      final long v = t[h];
      if (v == 0L) {
        return insert(row, -1, h);
      }
      if ((int) (v >>> 32) == row + 1) {
        return (int) v * entry;
      }
      h = (h + 1) & mask;
    }
  }

  /** Copies owner row {@code row} into a new slot, found again by local row {@code local} or hash entry {@code at}. */
  private int insert(int row, int local, int at) {
    if (row < 0 || row >= rows) {
      throw new IndexOutOfBoundsException("Row MUST be in [0, " + rows + "), but got " + row);
    }
    final int slot = slots;
    if (slot >= rowOfSlot.length || (table != null && 2 * (slot + 1) > table.length)) {
      throw new IllegalStateException("A view MUST reserve room before its touches: " + slot + " rows in "
          + rowOfSlot.length + " slots");
    }
    slots++;
    if (table != null) {
      table[at] = ((long) (row + 1) << 32) | slot;
    } else {
      slotOfLocal[local] = slot;
    }
    rowOfSlot[slot] = row;
    final int off = slot * entry;
    System.arraycopy(owner.data, row * stride, data, off, stride);
    if (clocked) {
      clock[slot] = owner.clock[row];
    }
    return off;
  }

  private static int hash(int row, int capacity) {
    return (row * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(capacity));
  }

  private void rehash(int capacity) {
    final long[] t = new long[capacity];
    final int mask = capacity - 1;
    for (int s = 0; s < slots; s++) {
      int h = hash(rowOfSlot[s], capacity);
      while (t[h] != 0L) {
        h = (h + 1) & mask;
      }
      t[h] = ((long) (rowOfSlot[s] + 1) << 32) | s;
    }
    table = t;
  }

  /** The clock of the row whose floats start at {@code offset} (0 when not clocked). */
  public int clockAt(int offset) {
    if (!clocked) {
      return 0;
    }
    return clock[offset / entry];
  }

  /** Sets the clock of the row whose floats start at {@code offset}. */
  public void setClockAt(int offset, int step) {
    clock[offset / entry] = step;
  }

  /** A view's touched rows, ascending. */
  public int[] touchedRows() {
    return touched().rows();
  }

  /**
   * A view's touched rows, ascending, with the offset of each in {@link #data()}: what a merge walks, the
   * owner's rows in order and no hash lookup per row.
   */
  public Touched touched() {
    if (owner == null) {
      throw new IllegalStateException("An owner has no touched rows: only a view does");
    }
    final int n = slots;
    if (slotOfLocal != null && (long) n * 8 >= slotOfLocal.length) {
      // local rows ascend with owner rows: one scan lists them in order, no sort
      final int[] rowsOut = new int[n];
      final int[] offsetsOut = new int[n];
      int k = 0;
      for (int l = 0; l < slotOfLocal.length; l++) {
        final int slot = slotOfLocal[l];
        if (slot >= 0) {
          rowsOut[k] = ownerRow(l); // from the dictionary, read in order (rowOfSlot would be read at random)
          offsetsOut[k++] = slot * entry;
        }
      }
      return new Touched(rowsOut, offsetsOut);
    }
    int[] rowsOut = Arrays.copyOf(rowOfSlot, n);
    int[] slotsOut = new int[n];
    for (int s = 0; s < n; s++) {
      slotsOut[s] = s;
    }
    if (n < RADIX_MIN) {
      final long[] keyed = new long[n];
      for (int s = 0; s < n; s++) {
        keyed[s] = ((long) rowOfSlot[s] << 32) | s;
      }
      Arrays.sort(keyed);
      for (int k = 0; k < n; k++) {
        rowsOut[k] = (int) (keyed[k] >>> 32);
        slotsOut[k] = (int) keyed[k];
      }
    } else {
      // LSD radix sort on 16-bit digits (rows are non-negative ints): O(touched) per digit, where sorting a
      // pass's few hundred thousand touched rows by comparison took most of its delta's time (JFR).
      int[] rowsTmp = new int[n];
      int[] slotsTmp = new int[n];
      final int[] count = new int[(1 << 16) + 1];
      for (int shift = 0; shift < 32 && (rows - 1) >>> shift != 0; shift += 16) {
        Arrays.fill(count, 0);
        for (int k = 0; k < n; k++) {
          count[((rowsOut[k] >>> shift) & 0xFFFF) + 1]++;
        }
        for (int d = 0; d < 1 << 16; d++) {
          count[d + 1] += count[d];
        }
        for (int k = 0; k < n; k++) {
          final int at = count[(rowsOut[k] >>> shift) & 0xFFFF]++;
          rowsTmp[at] = rowsOut[k];
          slotsTmp[at] = slotsOut[k];
        }
        int[] t = rowsOut;
        rowsOut = rowsTmp;
        rowsTmp = t;
        t = slotsOut;
        slotsOut = slotsTmp;
        slotsTmp = t;
      }
    }
    for (int k = 0; k < n; k++) {
      slotsOut[k] *= entry;
    }
    return new Touched(rowsOut, slotsOut);
  }

  /** Touched rows from which {@link #touched} sorts by radix rather than by comparison. */
  static final int RADIX_MIN = 4096;

  /** A view's touched rows (ascending) and their offsets in its data. */
  public record Touched(int[] rows, int[] offsets) {}

  /** The offset in a view's {@link #data()} of touched row {@code row}'s floats, or -1 if untouched. */
  public int viewOffset(int row) {
    if (slotOfLocal != null) {
      final int f = Arrays.binarySearch(features, row / perFeature);
      final int slot = f < 0 ? -1 : slotOfLocal[f * perFeature + row % perFeature];
      return slot < 0 ? -1 : slot * entry;
    }
    final long[] t = table;
    final int mask = t.length - 1;
    int h = hash(row, t.length);
    while (true) {
      final long v = t[h];
      if (v == 0L) {
        return -1;
      }
      if ((int) (v >>> 32) == row + 1) {
        return (int) v * entry;
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

  /** Bytes of parameter and state data this store holds (floats, clocks and a view's lookup). */
  public long bytes() {
    return 4L * data.length + (clock == null ? 0 : 4L * clock.length)
        + (slotOfLocal == null ? 0 : 4L * slotOfLocal.length) + (table == null ? 0 : 8L * table.length);
  }
}
