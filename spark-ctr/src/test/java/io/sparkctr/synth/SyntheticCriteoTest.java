package io.sparkctr.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.data.CriteoParser;
import io.sparkctr.data.RawRecord;
import io.sparkctr.metrics.Auc;
import io.sparkctr.synth.SyntheticCriteo.PlantedModel;
import io.sparkctr.synth.SyntheticCriteo.Summary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticCriteoTest {
  private static final int ROWS = 20_000;
  private static final Pattern HEX8 = Pattern.compile("[0-9a-f]{8}");
  private static final Map<PlantedModel, String> TEXT = new HashMap<>();
  private static final Map<PlantedModel, Summary> SUMMARY = new HashMap<>();

  @BeforeAll
  static void generate() throws IOException {
    for (PlantedModel m : PlantedModel.values()) {
      final StringWriter w = new StringWriter();
      SUMMARY.put(m, new SyntheticCriteo(42, m).write(0, ROWS, w));
      TEXT.put(m, w.toString());
    }
  }

  private static String[] lines(PlantedModel m) {
    return TEXT.get(m).split("\n", -1);
  }

  @Test
  void sameSeedGivesIdenticalTextAndRowsAreIndependentOfTheRange() throws IOException {
    final SyntheticCriteo a = new SyntheticCriteo(7, PlantedModel.FM);
    final SyntheticCriteo b = new SyntheticCriteo(7, PlantedModel.FM);
    final StringWriter wa = new StringWriter();
    final StringWriter wb = new StringWriter();
    a.write(0, 300, wa);
    b.write(0, 300, wb);
    assertEquals(wa.toString(), wb.toString());
    final String[] range = wa.toString().split("\n");
    final StringWriter tail = new StringWriter();
    b.write(250, 300, tail);
    final String[] tailLines = tail.toString().split("\n");
    for (int k : new int[] {0, 1, 137, 250, 299}) {
      final StringBuilder alone = new StringBuilder();
      b.writeRow(k, alone);
      assertEquals(range[k], alone.toString(), "row " + k);
      if (k >= 250) {
        assertEquals(range[k], tailLines[k - 250], "row " + k);
      }
    }
    // far-away rows and negative indices are fine too
    final StringBuilder x = new StringBuilder();
    final StringBuilder y = new StringBuilder();
    assertEquals(a.writeRow(1L << 40, x), b.writeRow(1L << 40, y));
    assertEquals(x.toString(), y.toString());
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    final SyntheticCriteo a = new SyntheticCriteo(5, PlantedModel.LR);
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    final SyntheticCriteo b;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      b = (SyntheticCriteo) in.readObject();
    }
    final StringBuilder sa = new StringBuilder();
    final StringBuilder sb = new StringBuilder();
    assertEquals(a.writeRow(12, sa), b.writeRow(12, sb));
    assertEquals(sa.toString(), sb.toString());
  }

  @Test
  void differentSeedsDiffer() {
    final StringBuilder a = new StringBuilder();
    final StringBuilder b = new StringBuilder();
    new SyntheticCriteo(1, PlantedModel.LR).writeRow(0, a);
    new SyntheticCriteo(2, PlantedModel.LR).writeRow(0, b);
    assertNotEquals(a.toString(), b.toString());
  }

  @ParameterizedTest
  @EnumSource(PlantedModel.class)
  void everyLineParsesAsCriteoWithRealisticColumns(PlantedModel m) {
    final String[] lines = lines(m);
    assertEquals(ROWS + 1, lines.length, "one '\\n' after each row");
    assertEquals("", lines[ROWS]);
    final CriteoParser parser = new CriteoParser("synthetic");
    final RawRecord r = new RawRecord(39);
    final int[] empty = new int[39];
    long negativeI2 = 0;
    long maxI5 = 0;
    long c19WithoutC26 = 0;
    for (int i = 0; i < ROWS; i++) {
      assertEquals(39, lines[i].chars().filter(c -> c == '\t').count(), "40 fields");
      parser.parse(lines[i], i + 1, r);
      for (int j = 0; j < 39; j++) {
        if (r.tokens[j].isEmpty()) {
          empty[j]++;
        } else if (j >= 13) {
          assertTrue(HEX8.matcher(r.tokens[j]).matches(), r.tokens[j]);
        }
      }
      negativeI2 += r.tokens[1].startsWith("-") ? 1 : 0;
      if (!r.tokens[4].isEmpty()) {
        maxI5 = Math.max(maxI5, Long.parseLong(r.tokens[4]));
      }
      c19WithoutC26 += r.tokens[13 + 18].isEmpty() != r.tokens[13 + 25].isEmpty() ? 1 : 0;
    }
    // missing rates near the Criteo sample's (I1 44.8%, I12 77.3%, C22 81.8%), never for I2 and C1
    assertEquals(0.448, empty[0] / (double) ROWS, 0.02);
    assertEquals(0.773, empty[11] / (double) ROWS, 0.02);
    assertEquals(0.818, empty[13 + 21] / (double) ROWS, 0.02);
    assertEquals(0, empty[1]);
    assertEquals(0, empty[13]);
    assertEquals(0, c19WithoutC26, "C19 and C26 are missing together");
    assertEquals(0.0975, negativeI2 / (double) ROWS, 0.01);
    assertTrue(maxI5 > 100_000, "heavy tail: max I5 = " + maxI5);
  }

  @ParameterizedTest
  @EnumSource(PlantedModel.class)
  void categoryFrequenciesFollowCardinalities(PlantedModel m) {
    final String[] lines = lines(m);
    final CriteoParser parser = new CriteoParser("synthetic");
    final RawRecord r = new RawRecord(39);
    final java.util.Set<String> c9 = new java.util.HashSet<>();
    final java.util.Set<String> c3 = new java.util.HashSet<>();
    for (int i = 0; i < ROWS; i++) {
      parser.parse(lines[i], i + 1, r);
      c9.add(r.tokens[13 + 8]);
      c3.add(r.tokens[13 + 2]);
    }
    assertTrue(c9.size() <= 3, "C9 has 3 values: " + c9.size());
    // C3 (10M values, Zipf 1.1): thousands of distinct values in 20k rows, but far fewer than rows
    assertTrue(c3.size() > 2_000 && c3.size() < 15_000, "C3 distinct: " + c3.size());
  }

  @ParameterizedTest
  @EnumSource(PlantedModel.class)
  void labelRateAndPlantedAucAreInRealisticBands(PlantedModel m) {
    final Summary s = SUMMARY.get(m);
    assertEquals(ROWS, s.rows());
    assertEquals(s.positives() / (double) ROWS, s.labelRate());
    assertTrue(s.labelRate() > 0.19 && s.labelRate() < 0.26, s.toString());
    assertTrue(s.plantedAuc() > 0.73 && s.plantedAuc() < 0.83, s.toString());
    assertTrue(s.plantedLogLoss() > 0.35 && s.plantedLogLoss() < 0.5, s.toString());
    long positives = 0;
    for (String line : lines(m)) {
      positives += line.startsWith("1") ? 1 : 0;
    }
    assertEquals(s.positives(), positives);
  }

  @Test
  void fmDiffersFromLrOnTheSameFeatures() {
    final String[] lr = lines(PlantedModel.LR);
    final String[] fm = lines(PlantedModel.FM);
    final SyntheticCriteo lrGen = new SyntheticCriteo(42, PlantedModel.LR);
    final SyntheticCriteo fmGen = new SyntheticCriteo(42, PlantedModel.FM);
    int differentLabels = 0;
    double maxProbabilityGap = 0;
    for (int i = 0; i < 2000; i++) {
      assertEquals(lr[i].substring(1), fm[i].substring(1), "features depend on the seed only");
      differentLabels += lr[i].charAt(0) != fm[i].charAt(0) ? 1 : 0;
      maxProbabilityGap = Math.max(maxProbabilityGap,
          Math.abs(lrGen.writeRow(i, new StringBuilder()) - fmGen.writeRow(i, new StringBuilder())));
    }
    assertTrue(differentLabels > 50, "labels differing: " + differentLabels);
    assertTrue(maxProbabilityGap > 0.1, "max probability gap " + maxProbabilityGap);
  }

  /**
   * A naive learner (smoothed per-value log-odds, summed over columns: naive Bayes) trained on the first 10,000
   * rows ranks the next 10,000 well above chance, though below the planted ceiling.
   */
  @ParameterizedTest
  @EnumSource(PlantedModel.class)
  void signalIsLearnableFromTenThousandRows(PlantedModel m) {
    final String[] lines = lines(m);
    final CriteoParser parser = new CriteoParser("synthetic");
    final RawRecord r = new RawRecord(39);
    final Map<String, double[]> counts = new HashMap<>();
    final int train = 10_000;
    double pos = 0;
    for (int i = 0; i < train; i++) {
      parser.parse(lines[i], i + 1, r);
      pos += r.label;
      for (int j = 0; j < 39; j++) {
        final double[] c = counts.computeIfAbsent(j + ":" + r.tokens[j], k -> new double[2]);
        c[(int) r.label]++;
      }
    }
    final double prior = pos / train;
    final int test = ROWS - train;
    final double[] scores = new double[test];
    final double[] labels = new double[test];
    final double[] planted = new double[test];
    final SyntheticCriteo gen = new SyntheticCriteo(42, m);
    for (int i = 0; i < test; i++) {
      parser.parse(lines[train + i], train + i + 1, r);
      labels[i] = r.label;
      planted[i] = gen.writeRow(train + i, new StringBuilder());
      double score = 0;
      for (int j = 0; j < 39; j++) {
        final double[] c = counts.get(j + ":" + r.tokens[j]);
        if (c != null) {
          final double smoothed = (c[1] + 10 * prior) / (c[0] + c[1] + 10); // 10 pseudo-counts at the prior
          score += Math.log(smoothed / (1 - smoothed)) - Math.log(prior / (1 - prior));
        }
      }
      scores[i] = score;
    }
    final double learned = Auc.of(scores, labels, test);
    final double ceiling = Auc.of(planted, labels, test);
    assertTrue(learned > 0.65, "naive learner AUC " + learned + " (ceiling " + ceiling + ")");
    assertTrue(learned < ceiling, "naive learner AUC " + learned + " (ceiling " + ceiling + ")");
  }

  @Test
  void builderValidatesKnobs() {
    assertThrows(IllegalArgumentException.class, () -> SyntheticCriteo.builder(1, PlantedModel.LR).labelRate(1.0));
    assertThrows(IllegalArgumentException.class, () -> SyntheticCriteo.builder(1, PlantedModel.LR).factorDim(0));
    assertThrows(IllegalArgumentException.class, () -> SyntheticCriteo.builder(1, PlantedModel.LR).zipfExponent(0));
    assertThrows(IllegalArgumentException.class, () -> SyntheticCriteo.builder(1, PlantedModel.LR).tailDensity(2));
    assertThrows(IllegalArgumentException.class, () -> new SyntheticCriteo(1, null));
    assertThrows(IllegalArgumentException.class,
        () -> new SyntheticCriteo(1, PlantedModel.LR).write(5, 4, new StringWriter()));
  }

  @Test
  void labelRateKnobMovesTheBias() throws IOException {
    final SyntheticCriteo g = SyntheticCriteo.builder(3, PlantedModel.LR).labelRate(0.05).build();
    final Summary s = g.write(0, 5000, java.io.Writer.nullWriter());
    assertEquals(0.05, s.labelRate(), 0.015);
    assertTrue(g.bias() < new SyntheticCriteo(3, PlantedModel.LR).bias());
  }
}
