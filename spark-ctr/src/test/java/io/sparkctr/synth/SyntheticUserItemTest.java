package io.sparkctr.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.data.LibFfmParser;
import io.sparkctr.data.LibSvmParser;
import io.sparkctr.data.SparseRecord;
import io.sparkctr.synth.SyntheticCriteo.Summary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticUserItemTest {
  private static final long STREAM = SyntheticUserItem.DEFAULT_STREAM_ROWS;
  private static final long TRAIN = STREAM * 8 / 10;
  private static SyntheticUserItem defaults;
  private static Summary all;

  @BeforeAll
  static void generate() throws IOException {
    defaults = new SyntheticUserItem(42);
    all = defaults.write(0, STREAM, true, Writer.nullWriter());
  }

  @Test
  void rowsArePureFunctionsOfSeedAndIndex() throws IOException {
    final SyntheticUserItem a = new SyntheticUserItem(7);
    final SyntheticUserItem b = new SyntheticUserItem(7);
    final StringWriter wa = new StringWriter();
    final StringWriter wb = new StringWriter();
    a.write(0, 300, true, wa);
    b.write(0, 300, true, wb);
    assertEquals(wa.toString(), wb.toString());
    final String[] range = wa.toString().split("\n");
    final StringWriter tail = new StringWriter();
    b.write(250, 300, true, tail);
    final String[] tailLines = tail.toString().split("\n");
    // Backwards, one at a time: no state carries from one row to the next.
    for (int k : new int[] {299, 250, 137, 1, 0}) {
      final StringBuilder alone = new StringBuilder();
      assertEquals(b.plantedProbability(k), b.writeLibFfmRow(k, alone));
      assertEquals(range[k], alone.toString(), "row " + k);
      assertEquals(b.label(k), alone.charAt(0) - '0');
      if (k >= 250) {
        assertEquals(range[k], tailLines[k - 250], "row " + k);
      }
    }
    // rows beyond either end of the stream are valid too
    for (long r : new long[] {-5, STREAM + 17, 1L << 40}) {
      final StringBuilder x = new StringBuilder();
      final StringBuilder y = new StringBuilder();
      assertEquals(a.writeLibSvmRow(r, x), b.writeLibSvmRow(r, y));
      assertEquals(x.toString(), y.toString());
    }
  }

  @Test
  void survivesJavaSerializationAndSeedsDiffer() throws Exception {
    final SyntheticUserItem a = new SyntheticUserItem(5);
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    final SyntheticUserItem b;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      b = (SyntheticUserItem) in.readObject();
    }
    final StringBuilder sa = new StringBuilder();
    final StringBuilder sb = new StringBuilder();
    assertEquals(a.writeLibFfmRow(12, sa), b.writeLibFfmRow(12, sb));
    assertEquals(sa.toString(), sb.toString());
    final StringWriter w1 = new StringWriter();
    final StringWriter w2 = new StringWriter();
    new SyntheticUserItem(1).write(0, 20, true, w1);
    new SyntheticUserItem(2).write(0, 20, true, w2);
    assertNotEquals(w1.toString(), w2.toString());
  }

  @Test
  void labelRateFollowsTheTarget() throws IOException {
    final long rows = 20_000;
    for (double target : new double[] {SyntheticUserItem.DEFAULT_LABEL_RATE, 0.3, 0.05}) {
      final SyntheticUserItem g = SyntheticUserItem.builder(42).streamRows(rows).labelRate(target).build();
      assertEquals(target, g.labelRate());
      final Summary s = g.write(0, rows, false, Writer.nullWriter());
      assertEquals(target, s.labelRate(), 0.02, "label rate for target " + target);
    }
    assertEquals(SyntheticUserItem.DEFAULT_LABEL_RATE, all.labelRate(), 0.02);
  }

  @Test
  void plantedAucIsInTheDocumentedRange() throws IOException {
    // Class comment: 0.781 on the 100,000 rows of seed 42.
    assertTrue(all.plantedAuc() > 0.75 && all.plantedAuc() < 0.80, "planted AUC " + all.plantedAuc());
    assertTrue(all.plantedLogLoss() > 0.5 && all.plantedLogLoss() < Math.log(2), "log loss " + all.plantedLogLoss());
    // The factors carry signal that per-field weights cannot represent.
    final Summary linear =
        SyntheticUserItem.builder(42).factorScale(0).build().write(0, STREAM, true, Writer.nullWriter());
    assertTrue(linear.plantedAuc() < all.plantedAuc() - 0.04, "without factors " + linear.plantedAuc());
  }

  @Test
  void usersAndItemsArriveOverTimeAndTheTestTailMeetsUnseenOnes() {
    final SyntheticUserItem g = defaults;
    assertEquals(567, g.poolUsers(0)); // round(943 * 0.6) + the first arrival
    assertEquals(SyntheticUserItem.DEFAULT_USERS, g.poolUsers(STREAM - 1));
    assertEquals(SyntheticUserItem.DEFAULT_ITEMS, g.poolItems(STREAM - 1));
    assertEquals(g.poolItems(STREAM - 1), g.poolItems(Long.MAX_VALUE));
    assertEquals(g.poolItems(0), g.poolItems(-1));
    final int[] x = new int[SyntheticUserItem.NUM_FIELDS];
    long lateInTest = 0;
    for (long r = 0; r < STREAM; r += 7) {
      g.features(r, x);
      assertTrue(x[0] < g.poolUsers(r) && x[1] < g.poolItems(r), "row " + r + " uses an id that has not arrived");
      if (r >= TRAIN && (x[0] >= g.poolUsers(TRAIN - 1) || x[1] >= g.poolItems(TRAIN - 1))) {
        lateInTest++;
      }
    }
    assertTrue(lateInTest > 0);
    final long[] unseen = g.unseenCounts(0, TRAIN, TRAIN, STREAM);
    assertEquals(STREAM - TRAIN, unseen[0]);
    final double either = (double) unseen[3] / unseen[0];
    // Class comment: 9.3% for seed 42 (4.6% users, 4.9% items).
    assertTrue(either >= 0.05 && either <= 0.15, "unseen share " + either);
    assertTrue(unseen[1] > 0.02 * unseen[0] && unseen[2] > 0.02 * unseen[0], "users " + unseen[1] + ", items "
        + unseen[2]);
    assertTrue(unseen[3] <= unseen[1] + unseen[2] && unseen[3] >= Math.max(unseen[1], unseen[2]));
    // Nothing is unseen when the "test" rows are the training rows.
    assertEquals(0, g.unseenCounts(0, 5000, 1000, 2000)[3]);
  }

  @Test
  void attributesAreFunctionsOfTheIdWithMovieLensShapes() {
    final SyntheticUserItem g = defaults;
    final int[] x = new int[SyntheticUserItem.NUM_FIELDS];
    final int[][] userAttrs = new int[g.users()][];
    final int[][] itemAttrs = new int[g.items()][];
    final long[] hours = new long[24];
    final long[] genres = new long[19];
    final int rows = 20_000;
    for (int r = 0; r < rows; r++) {
      g.features(r, x);
      final int[] u = {x[2], x[3], x[4]};
      final int[] i = {x[5], x[6]};
      if (userAttrs[x[0]] == null) {
        userAttrs[x[0]] = u;
      }
      if (itemAttrs[x[1]] == null) {
        itemAttrs[x[1]] = i;
      }
      assertArrayEquals(userAttrs[x[0]], u, "user " + x[0]);
      assertArrayEquals(itemAttrs[x[1]], i, "item " + x[1]);
      for (int f = 0; f < SyntheticUserItem.NUM_FIELDS; f++) {
        assertTrue(x[f] >= 0 && x[f] < g.fieldSize(f), "field " + f + " value " + x[f]);
      }
      hours[x[7]]++;
      genres[x[5]]++;
    }
    assertTrue(hours[20] > 2 * hours[8], "evening peak: " + hours[20] + " vs " + hours[8]);
    assertTrue(genres[8] > genres[0] && genres[5] > genres[10], "Drama and Comedy common");
  }

  @Test
  void libFfmAndLibSvmLinesParseWithTheDocumentedLayout() throws IOException {
    final SyntheticUserItem g = defaults;
    assertEquals(943 + 1682 + 81, g.numFeatures());
    final int[] expectedOffsets = {0, 943, 2625, 2632, 2634, 2655, 2674, 2682};
    for (int f = 0; f < SyntheticUserItem.NUM_FIELDS; f++) {
      assertEquals(expectedOffsets[f], g.fieldOffset(f), "offset of field " + f);
    }
    assertEquals(g.numFeatures(), g.fieldOffset(7) + g.fieldSize(7));
    final int rows = 2000;
    final StringWriter ffm = new StringWriter();
    final StringWriter svm = new StringWriter();
    final Summary a = g.write(TRAIN - 1000, TRAIN + 1000, true, ffm);
    final Summary b = g.write(TRAIN - 1000, TRAIN + 1000, false, svm);
    assertEquals(a.toString(), b.toString(), "same rows, same labels");
    final String[] ffmLines = ffm.toString().split("\n", -1);
    final String[] svmLines = svm.toString().split("\n", -1);
    assertEquals(rows + 1, ffmLines.length, "one '\\n' after each row");
    assertEquals("", ffmLines[rows]);
    final LibFfmParser ffmParser = new LibFfmParser("synthetic.libffm");
    final LibSvmParser svmParser = new LibSvmParser("synthetic.libsvm");
    final SparseRecord fr = new SparseRecord();
    final SparseRecord sr = new SparseRecord();
    final int[] x = new int[SyntheticUserItem.NUM_FIELDS];
    for (int i = 0; i < rows; i++) {
      ffmParser.parse(ffmLines[i], i + 1, fr);
      svmParser.parse(svmLines[i], i + 1, sr);
      assertEquals(fr.label, sr.label);
      assertEquals(SyntheticUserItem.NUM_FIELDS, fr.nnz);
      assertEquals(SyntheticUserItem.NUM_FIELDS, sr.nnz);
      g.features(TRAIN - 1000 + i, x);
      for (int f = 0; f < SyntheticUserItem.NUM_FIELDS; f++) {
        assertEquals(f, fr.fields[f]);
        assertEquals(g.fieldOffset(f) + x[f], fr.indices[f], "line " + i + " field " + f);
        assertEquals(fr.indices[f], sr.indices[f], "LibSVM is LibFFM's index + 1, read back 0-based");
        assertEquals(1.0, fr.values[f]);
        assertEquals(1.0, sr.values[f]);
      }
    }
    assertTrue(ffmLines[0].matches("[01]( [0-7]:\\d+:1){8}"), ffmLines[0]);
    assertTrue(svmLines[0].matches("[01]( \\d+:1){8}"), svmLines[0]);
  }

  @Test
  void badKnobsAreRefusedWithTheValue() {
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SyntheticUserItem.builder(1).labelRate(1.0));
    assertEquals("labelRate MUST be in (0, 1), but got 1.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SyntheticUserItem.builder(1).streamRows(0));
    assertThrows(IllegalArgumentException.class, () -> SyntheticUserItem.builder(1).initialPoolFraction(0.01));
    assertThrows(IllegalArgumentException.class, () -> SyntheticUserItem.builder(1).users(0));
    assertThrows(IllegalArgumentException.class, () -> defaults.fieldOffset(8));
    assertThrows(IllegalArgumentException.class, () -> defaults.write(5, 4, true, Writer.nullWriter()));
    // tiny pools still work (the rejection draw terminates)
    final SyntheticUserItem tiny = SyntheticUserItem.builder(3).users(1).items(2).streamRows(10).build();
    final int[] x = new int[SyntheticUserItem.NUM_FIELDS];
    for (int r = 0; r < 10; r++) {
      tiny.features(r, x);
      assertEquals(0, x[0]);
      assertTrue(x[1] < tiny.poolItems(r));
    }
  }
}
