package io.sparkctr.models.deepfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The saved DeepFM: zero rows and zero embeddings are not stored, and every value comes back. */
class DeepFmModelCodecTest {
  private static final int K = 4;
  private static final DeepFmLayout LAYOUT = new DeepFmLayout(10, 3, K, new int[] {5}, true);

  /** Rows 0-3 whole, 4-6 first-order weight only (a group-lasso zero embedding), 7-9 all zero. */
  private static DeepFmModel model() {
    double[] sparse = LAYOUT.randomSparse(0.1, 1L);
    for (int j = 0; j < 10; j++) {
      int from = LAYOUT.sparseRowOffset(j);
      sparse[from] = j < 7 ? 0.5 + j : 0.0;
      for (int c = 1; c <= K; c++) {
        if (j >= 4) {
          sparse[from + c] = 0.0;
        }
      }
    }
    return new DeepFmModel(LAYOUT, sparse, LAYOUT.randomDense(2L));
  }

  private static void assertSameModel(DeepFmModel expected, DeepFmModel actual) {
    assertEquals(expected.layout(), actual.layout());
    for (int i = 0; i < LAYOUT.sparseSize(); i++) {
      assertEquals(expected.sparse(i), actual.sparse(i), 0.0, "sparse " + i);
    }
    for (int i = 0; i < LAYOUT.denseSize(); i++) {
      assertEquals(expected.dense(i), actual.dense(i), 0.0, "dense " + i);
    }
  }

  @Test
  void zeroRowsAndZeroEmbeddingsAreDroppedAndTheRestRoundTrips() throws IOException {
    DeepFmModel model = model();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DeepFmModelCodec.write(model, out);
    assertSameModel(model, DeepFmModelCodec.read(new ByteArrayInputStream(out.toByteArray())));
    // header 5 * 4 + 1 + 4 + 4, model rows: int count + 4 per feature, rows: int count,
    // 4 x (4 + 8 + 1 + 4 * 8), 3 x (4 + 8 + 1), dense: 4 + 8 n
    long expected = 20 + 1 + 4 + 4 + (4 + 4L * LAYOUT.numFeatures()) + 4 + 4 * (13 + 8 * K) + 3 * 13 + 4
        + 8L * LAYOUT.denseSize();
    assertEquals(expected, out.size());
    assertEquals(expected, DeepFmModelCodec.encodedSize(model));
  }

  @Test
  void versionOneFilesStillRead() throws IOException {
    DeepFmModel model = model();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(DeepFmModelCodec.MAGIC);
    out.writeInt(1);
    out.writeInt(10);
    out.writeInt(3);
    out.writeInt(K);
    out.writeByte(1);
    out.writeInt(1);
    out.writeInt(5);
    out.writeInt(7);
    for (int j = 0; j < 7; j++) {
      out.writeInt(j);
      for (int c = 0; c <= K; c++) {
        out.writeDouble(model.sparse(LAYOUT.sparseRowOffset(j) + c));
      }
    }
    out.writeInt(LAYOUT.denseSize());
    for (int i = 0; i < LAYOUT.denseSize(); i++) {
      out.writeDouble(model.dense(i));
    }
    out.flush();
    assertSameModel(model, DeepFmModelCodec.read(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @Test
  void anUnknownVersionIsAClearError() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(DeepFmModelCodec.MAGIC);
    out.writeInt(9);
    IOException e = assertThrows(IOException.class,
        () -> DeepFmModelCodec.read(new ByteArrayInputStream(bytes.toByteArray())));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }
}
