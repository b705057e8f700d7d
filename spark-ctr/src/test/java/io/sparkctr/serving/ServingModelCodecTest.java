package io.sparkctr.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.featurize.FieldLayout;
import io.sparkctr.featurize.RowEncoder;
import io.sparkctr.featurize.Vocabulary;
import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.fm.FactorizationModel;
import io.sparkctr.models.lr.LinearModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The exported-model file: version 1 files (logistic regression) still read, version 2's FM and FFM
 * layouts are byte for byte what {@link ServingModelCodec}'s Javadoc says, and broken files fail with an
 * IOException that names what is wrong.
 */
class ServingModelCodecTest {
  private static ServingModel readResource(String name) throws IOException {
    try (InputStream in = ServingModelCodecTest.class.getResourceAsStream("/serving/" + name)) {
      assertTrue(in != null, "missing test resource /serving/" + name);
      return ServingModelCodec.read(in);
    }
  }

  private static byte[] bytes(ServingModel model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ServingModelCodec.write(model, out);
    return out.toByteArray();
  }

  private static ServingModel read(byte[] file) throws IOException {
    return ServingModelCodec.read(new ByteArrayInputStream(file));
  }

  // The golden files in src/test/resources/serving/*_v1.sctx were written by the version 1 writer (commit
  // 6e6939b) from exactly these models; README.md there has the program.

  @Test
  void versionOneIndexedFileStillReads() throws IOException {
    LinearModel model = new LinearModel(new double[] {0.5, 0.0, -1.25, 0.0, 2.0, 0.0}, -0.3);
    ServingModel served = readResource("lr_indexed_v1.sctx");
    assertEquals(ServingModel.ModelType.LOGISTIC_REGRESSION, served.modelType());
    assertEquals(ServingModel.InputKind.INDEXED, served.inputKind());
    assertEquals(3, served.numStoredWeights());
    assertEquals(0, served.numNonzeroEmbeddingRows());
    int[][] rows = {{0, 2, 4}, {1, 3}, {}, {5}, {0, 1, 2, 3, 4, 5}};
    for (ServingModel m : new ServingModel[] {served, read(bytes(served))}) {
      ServingModel.Scorer scorer = m.scorer();
      for (int[] row : rows) {
        double[] values = new double[row.length];
        java.util.Arrays.fill(values, 1.5);
        assertEquals(model.probability(row, values, 0, row.length), scorer.probability(row, values, row.length),
            1e-12);
      }
    }
    assertEquals(ServingModelCodec.VERSION, ByteBuffer.wrap(bytes(served)).getInt(4), "rewritten as version 2");
  }

  @Test
  void versionOneHashedAndVocabularyFilesStillRead() throws IOException {
    double[] w = new double[16];
    for (int j = 0; j < 16; j++) {
      w[j] = j % 3 == 0 ? 0.0 : (j - 7.5) / 4;
    }
    FieldLayout numeric = new FieldLayout(new String[] {"c", "n"}, new String[] {"n"}, new String[0]);
    checkRaw(readResource("lr_hashed_v1.sctx"), numeric, null, 4, new LinearModel(w, 0.2),
        new String[][] {{"a", "1"}, {"b", ""}, {"zz", "x"}, {"", "1234"}, {null, "-7"}});

    FieldLayout plain = new FieldLayout(new String[] {"c", "d"}, new String[0], new String[0]);
    Vocabulary vocab = Vocabulary.builder(List.of("c", "d"), 1).add(0, "a", 5).add(0, "b", 3).add(1, "x", 4)
        .add(1, "y", 2).build();
    ServingModel served = readResource("lr_vocabulary_v1.sctx");
    checkRaw(served, plain, vocab, 0, new LinearModel(new double[] {0.0, 0.7, 0.0, -0.4, 0.0, 1.1}, 0.1),
        new String[][] {{"a", "x"}, {"b", "y"}, {"q", "x"}, {"a", "q"}});
    assertArrayEquals(new String[] {"a"}, served.tokens[0], "b (0) dropped: c's OOV weight is 0 too");
    assertArrayEquals(new String[] {"x", "y"}, served.tokens[1], "x (0) kept: d's OOV weight is not");
    // a, x, y listed, and d's nonzero OOV weight
    assertEquals(4, served.numStoredWeights());
  }

  private static void checkRaw(ServingModel served, FieldLayout layout, Vocabulary vocab, int numBits,
      LinearModel model, String[][] rows) throws IOException {
    assertEquals(ServingModel.ModelType.LOGISTIC_REGRESSION, served.modelType());
    RowEncoder encoder = new RowEncoder(layout.numFields(), vocab, numBits);
    String[] tokens = new String[layout.numFields()];
    int[] indices = new int[layout.numFields()];
    double[] values = new double[layout.numFields()];
    int[] fields = new int[layout.numFields()];
    for (ServingModel m : new ServingModel[] {served, read(bytes(served))}) {
      ServingModel.Scorer scorer = m.scorer();
      for (String[] raw : rows) {
        layout.toFieldTokens(raw, tokens);
        int nnz = encoder.encode(tokens, indices, values, fields);
        assertEquals(model.probability(indices, values, 0, nnz), scorer.probability(raw), 1e-12,
            java.util.Arrays.toString(raw));
      }
    }
  }

  /**
   * An indexed FFM file written by hand from the Javadoc: 5 features, k = 2, F = 2; feature 1 has linear
   * weight 0.5 and rows for fields 0 and 1, feature 3 no linear weight and a row for field 0.
   */
  private static byte[] handWrittenFfm(Consumer<ByteBuffer> corruption) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x53435458);          //  0 magic
    out.writeInt(2);                   //  4 version
    out.writeInt(3);                   //  8 model type: FFM
    out.writeByte(0);                  // 12 indexed
    out.writeDouble(0.25);             // 13 intercept
    out.writeInt(5);                   // 21 numFeatures
    out.writeInt(2);                   // 25 k
    out.writeInt(2);                   // 29 F
    out.writeByte(1);                  // 33 fitLinear
    out.writeInt(0);                   // 34 numBits
    out.writeInt(2);                   // 38 count
    out.writeInt(1);                   // 42 feature 1
    out.writeByte(1);                  // 46   hasLinear
    out.writeDouble(0.5);              // 47   linear
    out.writeInt(2);                   // 55   rows
    out.writeInt(0);                   // 59     field 0
    out.writeDouble(0.1);              // 63
    out.writeDouble(0.2);              // 71
    out.writeInt(1);                   // 79     field 1
    out.writeDouble(-0.3);             // 83
    out.writeDouble(0.4);              // 91
    out.writeInt(3);                   // 99 feature 3
    out.writeByte(0);                  // 103  hasLinear
    out.writeInt(1);                   // 104  rows
    out.writeInt(0);                   // 108    field 0
    out.writeDouble(0.7);              // 112
    out.writeDouble(-0.1);             // 120
    out.flush();                       // 128 bytes
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
    corruption.accept(buffer);
    return buffer.array();
  }

  private static FactorizationModel handWrittenFfmModel() {
    FactorLayout layout = new FactorLayout(5, 2, 2, true, true);
    double[] w = new double[layout.dimension()];
    w[1] = 0.5;
    System.arraycopy(new double[] {0.1, 0.2, -0.3, 0.4}, 0, w, layout.factor(1, 0), 4);
    System.arraycopy(new double[] {0.7, -0.1}, 0, w, layout.factor(3, 0), 2);
    w[layout.interceptIndex()] = 0.25;
    return new FactorizationModel(layout, true, w);
  }

  @Test
  void theFfmLayoutIsTheDocumentedOne() throws IOException {
    FactorizationModel model = handWrittenFfmModel();
    byte[] file = handWrittenFfm(b -> {});
    assertEquals(128, file.length);
    assertArrayEquals(file, bytes(ServingModel.indexed(model)));
    ServingModel served = read(file);
    assertEquals(ServingModel.ModelType.FIELD_AWARE_FM, served.modelType());
    assertEquals(2, served.factorSize());
    assertEquals(2, served.numFields());
    assertEquals(3, served.numNonzeroEmbeddingRows());
    assertEquals(1, served.numStoredWeights());
    int[] indices = {1, 3};
    double[] values = {1.0, 2.0};
    int[] fields = {0, 1};
    // 0.25 + 0.5 * 1 + <v(1, 1), v(3, 0)> * 1 * 2 = 0.25 + 0.5 + (-0.21 - 0.04) * 2 = 0.25
    assertEquals(0.25, served.scorer().margin(indices, values, fields, 2), 1e-15);
    assertEquals(model.margin(indices, values, fields, 0, 2), served.scorer().margin(indices, values, fields, 2), 0.0);
  }

  @Test
  void theFmVocabularyLayoutIsTheDocumentedOne() throws IOException {
    FieldLayout layout = new FieldLayout(new String[] {"c"}, null, null);
    Vocabulary vocab = Vocabulary.builder(List.of("c"), 1).add(0, "a", 5).add(0, "b", 3).build(); // <oov>, a, b
    FactorLayout factors = new FactorLayout(3, 1, 2, true, true);
    double[] w = new double[factors.dimension()];
    w[1] = 0.5;
    w[factors.factor(1, 0)] = 0.1;
    w[factors.factor(1, 0) + 1] = 0.2;
    w[factors.interceptIndex()] = -0.1;
    FactorizationModel model = new FactorizationModel(factors, false, w);

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(expected);
    out.writeInt(0x53435458);
    out.writeInt(2);
    out.writeInt(2);          // FM
    out.writeByte(2);         // vocabulary
    out.writeDouble(-0.1);
    out.writeInt(3);
    out.writeByte(0);         // keepInvalid
    out.writeInt(1);
    out.writeUTF("c");
    out.writeByte(0);         // plain
    out.writeInt(2);          // k
    out.writeInt(1);          // F
    out.writeByte(1);         // fitLinear
    out.writeByte(0);         // field c, OOV: no linear weight,
    out.writeInt(0);          //   no rows
    out.writeInt(1);          // one token (b is all zero, like the OOV: dropped)
    out.writeUTF("a");
    out.writeByte(1);
    out.writeDouble(0.5);
    out.writeInt(1);          // FM rows have no field
    out.writeDouble(0.1);
    out.writeDouble(0.2);
    out.flush();
    ServingModel exported = ServingModel.vocabulary(layout, vocab, model, false);
    assertArrayEquals(expected.toByteArray(), bytes(exported));
    ServingModel.Scorer scorer = read(expected.toByteArray()).scorer();
    assertEquals(-0.1 + 0.5, scorer.margin(new String[] {"a"}), 1e-15);
    assertEquals(-0.1, scorer.margin(new String[] {"b"}), 1e-15);
  }

  private static void assertCorrupt(Consumer<ByteBuffer> corruption, String expected) {
    IOException e = assertThrows(IOException.class, () -> read(handWrittenFfm(corruption)));
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  @Test
  void aCorruptFileIsRejectedWithWhatIsWrong() {
    assertCorrupt(b -> b.putInt(0, 0x01020304), "magic");
    assertCorrupt(b -> b.putInt(4, 9), "version 9");
    assertCorrupt(b -> b.putInt(4, 1), "model type MUST be 1 (logistic regression) in version 1, but got 3");
    assertCorrupt(b -> b.putInt(8, 4), "model type MUST be 1, 2 or 3, but got 4");
    assertCorrupt(b -> b.put(12, (byte) 7), "input kind");
    assertCorrupt(b -> b.putInt(21, -1), "numFeatures MUST be >= 0");
    assertCorrupt(b -> b.putInt(25, -2), "factorSize MUST be >= 0, but got -2");
    assertCorrupt(b -> b.putInt(29, 0), "numFields MUST be >= 1, but got 0");
    assertCorrupt(b -> b.putInt(8, 2), "numFields MUST be 1 for an FM, but got 2");
    assertCorrupt(b -> b.put(33, (byte) 2), "fitLinear MUST be 0 or 1");
    assertCorrupt(b -> b.put(33, (byte) 0), "feature 1 MUST NOT have a linear weight");
    assertCorrupt(b -> b.putInt(34, 3), "numBits MUST be 0 for indexed input");
    assertCorrupt(b -> b.putInt(38, 6), "the number of features MUST be in [0, 5], but got 6");
    assertCorrupt(b -> b.putInt(99, 1), "feature indices MUST ascend in [0, 5), but entry 1 has 1 after 1");
    assertCorrupt(b -> b.putInt(42, 5), "but entry 0 has 5");
    assertCorrupt(b -> b.putDouble(47, 0.0), "a stored linear weight MUST be nonzero, but the one of feature 1 is 0");
    assertCorrupt(b -> b.putInt(55, 3), "the number of embedding rows of feature 1 MUST be in [0, 2], but got 3");
    assertCorrupt(b -> b.putInt(79, 0), "ascending fields in [0, 2), but row 1 has field 0 after 0");
    assertCorrupt(b -> b.putInt(108, 2), "row 0 has field 2");
    assertCorrupt(b -> b.putDouble(112, 0.0).putDouble(120, -0.0),
        "a stored embedding row MUST have a nonzero entry, but the one of feature 3 for field 0 is all zero");
  }

  @Test
  void everyTruncationIsAnEofThatSaysWhere() throws IOException {
    byte[] ffm = handWrittenFfm(b -> {});
    FieldLayout layout = ServingModelTest.LAYOUT;
    Vocabulary vocab = ServingModelTest.vocabulary();
    byte[] vocabulary = bytes(ServingModel.vocabulary(layout, vocab,
        ServingModelTest.randomModel(vocab.size(), layout.numFields(), 2, true, true, 0.3, 2), true));
    for (byte[] file : new byte[][] {ffm, vocabulary}) {
      for (int length = 0; length < file.length; length++) {
        byte[] prefix = java.util.Arrays.copyOf(file, length);
        EOFException e = assertThrows(EOFException.class, () -> read(prefix), "length " + length);
        assertTrue(e.getMessage().startsWith("Truncated exported model: the file ends inside "), e.getMessage());
      }
      read(file);
    }
    EOFException e = assertThrows(EOFException.class, () -> read(java.util.Arrays.copyOf(ffm, 110)));
    assertEquals("Truncated exported model: the file ends inside feature 3", e.getMessage());
    EOFException t = assertThrows(EOFException.class, () -> read(java.util.Arrays.copyOf(vocabulary, 200)));
    assertTrue(t.getMessage().contains(" of field "), t.getMessage());
  }
}
