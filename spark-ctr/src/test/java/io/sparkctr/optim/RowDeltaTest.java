package io.sparkctr.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowDeltaTest {
  /** A pass's delta: rows 0..n-1 with probability 1/2, float values of widely varying magnitude. */
  private static RowDelta pass(SplittableRandom random, int n, int v) {
    int[] rows = random.ints(n, 0, 2).toArray();
    int count = 0;
    for (int r = 0; r < n; r++) {
      if (rows[r] == 1) {
        rows[count++] = r;
      }
    }
    float[] values = new float[count * v];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-4, 3)));
    }
    return new RowDelta(java.util.Arrays.copyOf(rows, count), values, v);
  }

  @Test
  void theSumOfPassesDoesNotDependOnTheOrderSparkCombinesThemIn() {
    SplittableRandom random = new SplittableRandom(7);
    RowDelta[] passes = new RowDelta[8];
    for (int p = 0; p < passes.length; p++) {
      passes[p] = pass(random, 500, 3);
    }
    RowDelta inOrder = RowDelta.empty(3);
    for (RowDelta d : passes) {
      inOrder = RowDelta.merge(inOrder, d);
    }
    // a tree in another order: (7 + 5) + (3 + 1) + ((6 + 4) + (2 + 0))
    RowDelta left = RowDelta.merge(RowDelta.merge(passes[7], passes[5]), RowDelta.merge(passes[3], passes[1]));
    RowDelta right = RowDelta.merge(RowDelta.merge(passes[6], passes[4]), RowDelta.merge(passes[2], passes[0]));
    RowDelta tree = RowDelta.merge(right, left);
    assertArrayEquals(inOrder.rows(), tree.rows());
    assertArrayEquals(inOrder.values(), tree.values(), 0.0, "summed exactly in double: bit for bit in any order");
  }

  @Test
  void aPassTravelsAsFloatsAndASumAsDoubles() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    RowDelta a = pass(random, 200, 2);
    RowDelta b = pass(random, 200, 2);
    assertEquals(a.size() * (4L + 4L * 2), a.payloadBytes());
    RowDelta sum = RowDelta.merge(a, b);
    assertTrue(sum.payloadBytes() > sum.size() * (4L + 4L * 2), "a sum of floats needs doubles");
    for (RowDelta d : new RowDelta[] {a, sum}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(d);
      }
      RowDelta back;
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        back = (RowDelta) in.readObject();
      }
      assertArrayEquals(d.rows(), back.rows());
      assertArrayEquals(d.values(), back.values(), 0.0);
      assertEquals(d.valuesPerRow(), back.valuesPerRow());
    }
  }
}
