package io.sparkctr.models.deepfm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** DeepFM's parameter layout: offsets, sizes, the random start, FLOP counts, equality and serialization. */
class DeepFmLayoutTest {

  @Test
  void blocksTileTheDenseVectorInOrder() {
    DeepFmLayout layout = new DeepFmLayout(100, 3, 4, new int[] {5, 6}, true);
    assertEquals(3, layout.numDenseLayers());
    assertEquals(12, layout.mlpInputSize());
    int[][] shapes = {{12, 5}, {5, 6}, {6, 1}};
    int next = 0;
    for (int l = 0; l < 3; l++) {
      assertEquals(shapes[l][0], layout.layerInput(l));
      assertEquals(shapes[l][1], layout.layerOutput(l));
      assertEquals(next, layout.weightOffset(l), "W_" + l);
      assertEquals(shapes[l][0] * shapes[l][1], layout.weightSize(l));
      next += layout.weightSize(l);
      assertEquals(next, layout.biasOffset(l), "b_" + l);
      assertEquals(shapes[l][1], layout.biasSize(l));
      next += layout.biasSize(l);
    }
    assertEquals(next, layout.mlpSize());
    assertEquals(next, layout.interceptIndex());
    assertEquals(next + 1, layout.denseSize());
    // column-major: W_1 (5 x 6), element (i, o) at o * 5 + i
    assertEquals(layout.weightOffset(1) + 3 * 5 + 2, layout.weightIndex(1, 2, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> layout.weightOffset(3));

    DeepFmLayout noIntercept = new DeepFmLayout(100, 3, 4, new int[] {5, 6}, false);
    assertEquals(-1, noIntercept.interceptIndex());
    assertEquals(next, noIntercept.denseSize());
  }

  @Test
  void sparseRowsHoldTheLinearWeightThenTheEmbedding() {
    DeepFmLayout layout = new DeepFmLayout(10, 2, 3, new int[] {4}, true);
    assertEquals(4, layout.sparseRowSize());
    assertEquals(40, layout.sparseSize());
    assertEquals(28, layout.sparseRowOffset(7));
    assertEquals(28, layout.linearIndex(7));
    assertEquals(29, layout.embeddingOffset(7));
  }

  @Test
  void noHiddenLayersMeansNoDnnPart() {
    DeepFmLayout layout = new DeepFmLayout(10, 2, 3, new int[0], true);
    assertTrue(!layout.hasDnn());
    assertEquals(0, layout.numDenseLayers());
    assertEquals(0, layout.mlpSize());
    assertEquals(0, layout.interceptIndex());
    assertEquals(1, layout.denseSize());
    assertEquals(0L, layout.trainingFlops(100));
    assertEquals(0, new DeepFmLayout(10, 2, 3, new int[0], false).denseSize());
  }

  @Test
  void flopsCountTheMatrixProducts() {
    DeepFmLayout layout = new DeepFmLayout(1000, 39, 10, new int[] {400, 400, 400}, true);
    long perRow = 2L * (390 * 400 + 400 * 400 + 400 * 400 + 400 * 1);
    assertEquals(4096 * perRow, layout.forwardFlops(4096));
    assertEquals(2 * 4096 * perRow, layout.backwardFlops(4096));
    assertEquals(3 * 4096 * perRow, layout.trainingFlops(4096));
  }

  @Test
  void randomStartIsSeededWithTheDocumentedDistributions() {
    DeepFmLayout layout = new DeepFmLayout(500, 4, 8, new int[] {64, 32}, true);
    double[] sparse = layout.randomSparse(1e-4, 3L);
    double[] dense = layout.randomDense(3L);
    assertArrayEquals(sparse, layout.randomSparse(1e-4, 3L), 0.0);
    assertArrayEquals(dense, layout.randomDense(3L), 0.0);
    assertNotEquals(sparse[layout.embeddingOffset(0)], layout.randomSparse(1e-4, 4L)[layout.embeddingOffset(0)]);

    double squares = 0.0;
    for (int j = 0; j < 500; j++) {
      assertEquals(0.0, sparse[layout.linearIndex(j)], "first-order weights start at 0");
      for (int d = 0; d < 8; d++) {
        double v = sparse[layout.embeddingOffset(j) + d];
        assertTrue(v != 0.0);
        squares += v * v;
      }
    }
    double std = Math.sqrt(squares / 4000);
    assertTrue(std > 0.95e-4 && std < 1.05e-4, "sample std " + std + " of N(0, 1e-4^2) over 4000 draws");

    for (int l = 0; l < layout.numDenseLayers(); l++) {
      double sum = 0.0;
      for (int i = layout.weightOffset(l); i < layout.biasOffset(l); i++) {
        sum += dense[i] * dense[i];
      }
      double expected = Math.sqrt(2.0 / (layout.layerInput(l) + layout.layerOutput(l)));
      double sampleStd = Math.sqrt(sum / layout.weightSize(l));
      // four standard errors of a sample std over N draws (about std / sqrt(2 N)); the output layer has 32
      double tolerance = 4.0 * expected / Math.sqrt(2.0 * layout.weightSize(l));
      assertEquals(expected, sampleStd, tolerance, "Xavier-normal std of W_" + l);
      for (int i = layout.biasOffset(l); i < layout.biasOffset(l) + layout.biasSize(l); i++) {
        assertEquals(0.0, dense[i], "biases start at 0");
      }
    }
    assertEquals(0.0, dense[layout.interceptIndex()]);
  }

  @Test
  void equalityHashingAndSerialization() throws Exception {
    int[] hidden = {7, 3};
    DeepFmLayout layout = new DeepFmLayout(50, 2, 4, hidden, true);
    hidden[0] = 99; // the layout keeps its own copy
    assertArrayEquals(new int[] {7, 3}, layout.hiddenLayers());
    DeepFmLayout same = new DeepFmLayout(50, 2, 4, new int[] {7, 3}, true);
    assertEquals(layout, same);
    assertEquals(layout.hashCode(), same.hashCode());
    assertNotEquals(layout, new DeepFmLayout(50, 2, 4, new int[] {7, 4}, true));
    assertNotEquals(layout, new DeepFmLayout(50, 2, 4, new int[] {7, 3}, false));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(layout);
    }
    DeepFmLayout read;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = (DeepFmLayout) in.readObject();
    }
    assertEquals(layout, read);
    assertEquals(layout.denseSize(), read.denseSize());
    assertEquals(layout.biasOffset(1), read.biasOffset(1));
  }

  @Test
  void badLayoutsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DeepFmLayout(10, 2, 3, new int[] {4, 0}, true));
    assertTrue(e.getMessage().contains("layer 1 has 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DeepFmLayout(0, 2, 3, new int[0], true));
    assertThrows(IllegalArgumentException.class, () -> new DeepFmLayout(10, 0, 3, new int[0], true));
    assertThrows(IllegalArgumentException.class, () -> new DeepFmLayout(10, 2, 0, new int[0], true));
    assertThrows(IllegalArgumentException.class, () -> new DeepFmLayout(10, 2, 3, null, true));
    assertThrows(IllegalArgumentException.class, () -> new DeepFmLayout(1 << 28, 2, 16, new int[0], true));
    assertThrows(IllegalArgumentException.class, () -> new DeepFmLayout(10, 2, 3, new int[0], true)
        .randomSparse(-1.0, 1L));
  }
}
