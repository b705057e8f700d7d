package io.sparkctr.optim.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupLayoutTest {
  /** An FM with n = 3 features and k = 2 factors: [3 linear | 3 * 2 factors | intercept]. */
  private static final GroupLayout FM = new GroupLayout(3 + 3 * 2 + 1, 3 + 3 * 2, 3, 2);

  @Test
  void mapsCoordinatesToTheirGroups() {
    assertEquals(3, FM.numRows());
    assertEquals(6, FM.numGroups());
    final int[] group = {0, 1, 2, 3, 3, 4, 4, 5, 5, -1};
    final int[] first = {0, 1, 2, 3, 3, 5, 5, 7, 7, 9};
    final int[] size = {1, 1, 1, 2, 2, 2, 2, 2, 2, 1};
    for (int i = 0; i < FM.dimension(); i++) {
      assertEquals(group[i], FM.groupOf(i), "group of " + i);
      assertEquals(first[i], FM.groupFirst(i), "first of " + i);
      assertEquals(size[i], FM.groupSizeOf(i), "size of " + i);
      assertEquals(i >= 3 && i < 9, FM.inRow(i), "in a row: " + i);
    }
    assertEquals(0, FM.rowOf(3));
    assertEquals(2, FM.rowOf(8));
    assertThrows(IllegalArgumentException.class, () -> FM.groupOf(10));
    assertThrows(IllegalArgumentException.class, () -> FM.groupFirst(-1));
  }

  @Test
  void singletonsHaveNoRows() {
    final GroupLayout lr = GroupLayout.singletons(5, 4);
    assertEquals(new GroupLayout(5, 4, 4, 1), lr);
    assertEquals(0, lr.numRows());
    assertEquals(4, lr.numGroups());
    for (int i = 0; i < 5; i++) {
      assertFalse(lr.inRow(i));
      assertEquals(1, lr.groupSizeOf(i));
    }
    // Rows of size 1 are singletons too.
    final GroupLayout ones = new GroupLayout(5, 4, 1, 1);
    assertEquals(3, ones.numRows());
    assertFalse(ones.inRow(2));
  }

  @Test
  void rejectsInconsistentLayouts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupLayout(3, 4, 0, 1));
    assertEquals("numRegularized MUST be in [0, 3], but got 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupLayout(10, 9, 3, 4));
    assertEquals("numRegularized - groupStart MUST be a multiple of groupSize = 4, but got 9 - 3 = 6", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupLayout(10, 9, 10, 1));
    assertTrue(e.getMessage().contains("groupStart") && e.getMessage().contains("10"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupLayout(10, 9, 3, 0));
    assertEquals("groupSize MUST be >= 1, but got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GroupLayout(-1, 0, 0, 1));
  }

  @Test
  void checkShapeAcceptsOnlyItsOwnShape() {
    assertSame(FM, FM.checkShape(10, 9));
    final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FM.checkShape(10, 8));
    assertEquals("Dimension mismatch: the group layout has 10 coordinates (9 penalised), but got 10 (8 penalised)",
        e.getMessage());
  }
}
