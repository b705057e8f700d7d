package io.sparkctr.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RowStoreTest {
  private static RowStore filledOwner(int rows, int stride, boolean clocked) {
    RowStore owner = new RowStore(rows, stride, clocked);
    float[] d = owner.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = i * 0.5f + 1;
    }
    if (clocked) {
      for (int r = 0; r < rows; r++) {
        owner.setClockAt(owner.ownerOffset(r), 3 * r);
      }
    }
    return owner;
  }

  @Test
  void aViewCopiesOnTouchAndNeverWritesItsOwner() {
    RowStore owner = filledOwner(1000, 3, true);
    float[] before = owner.data().clone();
    RowStore view = owner.view();
    SplittableRandom random = new SplittableRandom(7);
    TreeSet<Integer> touched = new TreeSet<>();
    for (int step = 0; step < 500; step++) {
      int row = random.nextInt(1000);
      view.reserve(1);
      int off = view.touch(row);
      if (touched.add(row)) {
        for (int c = 0; c < 3; c++) {
          assertEquals(before[row * 3 + c], view.data()[off + c], "the first touch copies the owner's row");
        }
        assertEquals(3 * row, view.clockAt(off), "and its clock");
      }
      view.data()[off] += 1f;
      view.setClockAt(off, step);
    }
    assertArrayEquals(before, owner.data(), "the owner is never written through a view");
    for (int r = 0; r < 1000; r++) {
      assertEquals(3 * r, owner.clockAt(owner.ownerOffset(r)));
    }
    int[] rows = view.touchedRows();
    assertArrayEquals(touched.stream().mapToInt(Integer::intValue).toArray(), rows,
        "touchedRows lists exactly the touched rows, ascending");
    assertEquals(touched.size(), view.storedRows());
    assertEquals(-1, untouchedOffset(view, touched), "an untouched row has no entry");
  }

  private static int untouchedOffset(RowStore view, TreeSet<Integer> touched) {
    for (int r = 0; r < 1000; r++) {
      if (!touched.contains(r)) {
        return view.viewOffset(r);
      }
    }
    return -1;
  }

  @Test
  void aDictionaryViewNamesOwnerRowsByLocalRowAndBehavesAsAHashedView() {
    // 4 owner rows per feature (a field-aware table), features {1, 4, 6, 11} of a 12-feature owner
    RowStore owner = filledOwner(48, 3, true);
    float[] before = owner.data().clone();
    int[] features = {1, 4, 6, 11};
    for (int touches : new int[] {3, 40}) { // few touched rows (listed by sort) and most of them (by scan)
      RowStore local = owner.view(features, 4);
      RowStore hashed = owner.view();
      SplittableRandom random = new SplittableRandom(touches);
      TreeSet<Integer> touched = new TreeSet<>();
      for (int step = 0; step < touches; step++) {
        int l = random.nextInt(16);
        int row = features[l / 4] * 4 + l % 4;
        assertEquals(row, local.ownerRow(l));
        local.reserve(1);
        hashed.reserve(1);
        int a = local.touch(l);
        int b = hashed.touch(row);
        for (int c = 0; c < 3; c++) {
          assertEquals(hashed.data()[b + c], local.data()[a + c], "local row " + l + " is owner row " + row);
        }
        assertEquals(hashed.clockAt(b), local.clockAt(a));
        local.data()[a] += step;
        hashed.data()[b] += step;
        touched.add(row);
      }
      assertArrayEquals(before, owner.data(), "the owner is never written through a view");
      RowStore.Touched t = local.touched();
      assertArrayEquals(touched.stream().mapToInt(Integer::intValue).toArray(), t.rows(), "owner rows, ascending");
      for (int k = 0; k < t.rows().length; k++) {
        assertEquals(t.offsets()[k], local.viewOffset(t.rows()[k]));
        assertEquals(hashed.data()[hashed.viewOffset(t.rows()[k])], local.data()[t.offsets()[k]]);
      }
      assertEquals(-1, local.viewOffset(0), "a row of a feature outside the dictionary");
    }
    assertThrows(IllegalArgumentException.class, () -> owner.view(new int[] {12}, 4), "rows beyond the owner");
  }

  @Test
  void touchedRowsComeOutAscendingWithTheirOffsetsBySortAndByRadix() {
    // a few touches (comparison sort), and more than RowStore.RADIX_MIN over one and over two 16-bit digits
    for (int[] shape : new int[][] {{1000, 300}, {50_000, 20_000}, {300_000, 40_000}}) {
      RowStore owner = filledOwner(shape[0], 2, false);
      RowStore view = owner.view();
      SplittableRandom random = new SplittableRandom(shape[0]);
      TreeSet<Integer> expected = new TreeSet<>();
      for (int step = 0; step < shape[1]; step++) {
        int row = random.nextInt(shape[0]);
        view.reserve(1);
        view.touch(row);
        expected.add(row);
      }
      RowStore.Touched touched = view.touched();
      assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), touched.rows());
      for (int k = 0; k < touched.rows().length; k++) {
        assertEquals(owner.data()[owner.ownerOffset(touched.rows()[k])], view.data()[touched.offsets()[k]],
            "row " + touched.rows()[k] + "'s offset holds its copy");
      }
    }
  }

  @Test
  void growingAViewKeepsEveryTouchedRow() {
    RowStore owner = filledOwner(5000, 2, false);
    RowStore view = owner.view();
    for (int r = 0; r < 5000; r += 2) {
      view.reserve(1);
      int off = view.touch(r);
      view.data()[off + 1] = -r;
    }
    for (int r = 0; r < 5000; r++) {
      int off = view.viewOffset(r);
      if (r % 2 == 1) {
        assertEquals(-1, off);
      } else {
        assertEquals(owner.data()[r * 2], view.data()[off]);
        assertEquals(-r, view.data()[off + 1]);
      }
    }
    assertEquals(2500, view.touchedRows().length);
  }

  @Test
  void aViewsExtraFloatsStartAtZeroAndTheOwnerNeverHoldsThem() {
    RowStore owner = filledOwner(100, 3, false);
    RowStore withExtra = new RowStore(100, 3, false, 2);
    System.arraycopy(owner.data(), 0, withExtra.data(), 0, owner.data().length);
    assertEquals(4L * 300, withExtra.bytes(), "the owner: stride floats per row only");
    RowStore view = withExtra.view();
    for (int r = 0; r < 100; r += 3) {
      view.reserve(1);
      int off = view.touch(r);
      assertEquals(0f, view.data()[off + 3]);
      assertEquals(0f, view.data()[off + 4]);
      view.data()[off + 3] = r; // bookkeeping
    }
    for (int r = 0; r < 100; r += 3) {
      int off = view.viewOffset(r);
      assertEquals(owner.data()[r * 3 + 2], view.data()[off + 2], "the row itself");
      assertEquals(r, view.data()[off + 3], "its own bookkeeping, not a neighbour's");
    }
    assertArrayEquals(owner.data(), withExtra.data(), "the owner is untouched");
  }

  @Test
  void aViewWithoutRoomOrOutOfRangeRowsFailsLoudly() {
    RowStore view = filledOwner(10, 1, false).view();
    view.reserve(1);
    assertThrows(IndexOutOfBoundsException.class, () -> view.touch(10));
    RowStore small = filledOwner(1000, 1, false).view();
    assertThrows(IllegalStateException.class, () -> {
      for (int r = 0; r < 1000; r++) {
        small.touch(r);
      }
    });
  }
}
