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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FM and FFM served from the exported file, without Spark: the same margins as {@link FactorizationModel}
 * on the rows the featurizer's {@link RowEncoder} makes (what the Spark pipeline computes), and only
 * nonzero parameters stored.
 */
class ServingModelTest {
  /** Fields c, n (numeric), hr_hour, hr_weekday. */
  static final FieldLayout LAYOUT = new FieldLayout(new String[] {"c", "n", "hr"}, new String[] {"n"},
      new String[] {"hr"});
  private static final String[] C = {"a", "b", "c", "d", "e", "f", "g", ""};
  private static final String[] N = {"", "0", "1", "2", "5", "40", "300", "-2", "x"};
  private static final String[] HR = {"14102100", "14102213", "14102305", "", "bad"};

  static ServingModel roundTrip(ServingModel model) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ServingModelCodec.write(model, bytes);
    assertEquals(bytes.size(), ServingModelCodec.encodedSize(model));
    return ServingModelCodec.read(new ByteArrayInputStream(bytes.toByteArray()));
  }

  /**
   * A model with random parameters where a {@code zeroRate} share of linear weights and of embedding
   * rows is exactly zero (what L1 leaves), seeded.
   */
  static FactorizationModel randomModel(int numFeatures, int numFields, int k, boolean fieldAware, boolean fitLinear,
      double zeroRate, long seed) {
    FactorLayout layout = new FactorLayout(numFeatures, numFields, k, fitLinear, true);
    SplittableRandom random = new SplittableRandom(seed);
    double[] w = new double[layout.dimension()];
    for (int j = 0; j < numFeatures; j++) {
      if (fitLinear && random.nextDouble() >= zeroRate) {
        w[j] = random.nextGaussian() * 0.5;
      }
      for (int f = 0; f < numFields; f++) {
        if (random.nextDouble() >= zeroRate) {
          for (int c = 0; c < k; c++) {
            // some single factors zero too: a row is stored while any entry is nonzero
            w[layout.factor(j, f) + c] = random.nextDouble() < 0.2 ? 0.0 : random.nextGaussian() * 0.3;
          }
        }
      }
    }
    w[layout.interceptIndex()] = -0.7;
    return new FactorizationModel(layout, fieldAware, w);
  }

  static String[] randomRaw(SplittableRandom random) {
    return new String[] {C[random.nextInt(C.length)], N[random.nextInt(N.length)], HR[random.nextInt(HR.length)]};
  }

  /** The vocabulary of 200 random rows with minCount 3, so some tokens fall to OOV. */
  static Vocabulary vocabulary() {
    SplittableRandom random = new SplittableRandom(5);
    String[] tokens = new String[LAYOUT.numFields()];
    List<Map<String, Long>> counts = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
    for (int r = 0; r < 200; r++) {
      LAYOUT.toFieldTokens(randomRaw(random), tokens);
      for (int f = 0; f < tokens.length; f++) {
        counts.get(f).merge(tokens[f], 1L, Long::sum);
      }
    }
    Vocabulary.Builder builder = Vocabulary.builder(List.of(LAYOUT.fieldNames()), 3);
    for (int f = 0; f < tokens.length; f++) {
      for (Map.Entry<String, Long> e : counts.get(f).entrySet()) {
        builder.add(f, e.getKey(), e.getValue());
      }
    }
    return builder.build();
  }

  @ParameterizedTest
  @CsvSource({"false, true", "true, true", "true, false"})
  void indexedRowsScoreAsTheTrainedModel(boolean fieldAware, boolean fitLinear) throws IOException {
    int numFeatures = 60;
    int numFields = fieldAware ? 3 : 1;
    FactorizationModel model = randomModel(numFeatures, numFields, 3, fieldAware, fitLinear, 0.4, 11);
    ServingModel served = roundTrip(ServingModel.indexed(model));
    assertEquals(fieldAware ? ServingModel.ModelType.FIELD_AWARE_FM : ServingModel.ModelType.FACTORIZATION_MACHINE,
        served.modelType());
    ServingModel.Scorer scorer = served.scorer();
    SplittableRandom random = new SplittableRandom(3);
    for (int r = 0; r < 300; r++) {
      // up to 40 entries: beyond the scorer's first buffers, so they grow
      int nnz = r == 0 ? 0 : 1 + random.nextInt(r < 290 ? 8 : 40);
      int[] indices = random.ints(0, numFeatures).distinct().limit(nnz).sorted().toArray();
      double[] values = random.doubles(nnz, 0.5, 2.0).toArray();
      int[] fields = random.ints(nnz, 0, numFields).toArray();
      assertEquals(model.margin(indices, values, fieldAware ? fields : null, 0, nnz),
          scorer.margin(indices, values, fields, nnz), 0.0, "row " + r);
      assertEquals(model.probability(indices, values, fields, 0, nnz),
          scorer.probability(indices, values, fields, nnz), 0.0, "row " + r);
    }
    assertEquals(model.numNonzeroEmbeddingRows(), served.numNonzeroEmbeddingRows());
    assertEquals(model.numNonzeroLinear(), served.numStoredWeights());
    assertTrue(served.numNonzeroEmbeddingRows() < numFeatures * numFields);
  }

  @ParameterizedTest
  @CsvSource({"false, hash", "true, hash", "false, vocab", "true, vocab"})
  void rawRowsScoreAsTheFeaturizerThenTheTrainedModel(boolean fieldAware, String encoding) throws IOException {
    final int numBits = 4; // 16 buckets for 4 fields: collisions (value 2, lowest field) happen
    Vocabulary vocab = encoding.equals("vocab") ? vocabulary() : null;
    int numFeatures = vocab == null ? 1 << numBits : vocab.size();
    int numFields = fieldAware ? LAYOUT.numFields() : 1;
    FactorizationModel model = randomModel(numFeatures, numFields, 2, fieldAware, true, 0.3, 17);
    ServingModel served = roundTrip(vocab == null
        ? ServingModel.hashed(LAYOUT, numBits, model, true)
        : ServingModel.vocabulary(LAYOUT, vocab, model, true));
    assertArrayEquals(new String[] {"c", "n", "hr"}, served.inputColumns());

    RowEncoder encoder = new RowEncoder(LAYOUT.numFields(), vocab, numBits);
    String[] tokens = new String[LAYOUT.numFields()];
    int[] indices = new int[LAYOUT.numFields()];
    double[] values = new double[LAYOUT.numFields()];
    int[] fields = new int[LAYOUT.numFields()];
    ServingModel.Scorer scorer = served.scorer();
    SplittableRandom random = new SplittableRandom(23);
    int collisions = 0;
    for (int r = 0; r < 400; r++) {
      String[] raw = r == 0 ? new String[] {"never seen", null, ""} : randomRaw(random);
      LAYOUT.toFieldTokens(raw, tokens);
      int nnz = encoder.encode(tokens, indices, values, fields);
      collisions += nnz < LAYOUT.numFields() ? 1 : 0;
      assertEquals(model.margin(indices, values, fields, 0, nnz), scorer.margin(raw), 0.0, "row " + r);
    }
    assertTrue(vocab != null || collisions > 0, "the hashed rows should include collisions");
    assertEquals(model.numNonzeroEmbeddingRows(), served.numNonzeroEmbeddingRows());
    assertEquals(model.numNonzeroLinear(), served.numStoredWeights());
  }

  @Test
  void aVocabularyDropsAnAllZeroTokenOnlyWhenItsOovIsAllZeroToo() throws IOException {
    FieldLayout layout = new FieldLayout(new String[] {"c", "d"}, null, null);
    // c: 0 <oov>, 1 a, 2 b, 3 z | d: 4 <oov>, 5 x, 6 y
    Vocabulary vocab = Vocabulary.builder(List.of("c", "d"), 1).add(0, "a", 9).add(0, "b", 8).add(0, "z", 7)
        .add(1, "x", 9).add(1, "y", 8).build();
    FactorLayout factors = new FactorLayout(7, 2, 2, true, true);
    double[] w = new double[factors.dimension()];
    w[1] = 0.5;                              // a: linear only
    w[factors.factor(2, 1)] = 0.25;          // b: one factor of its row for field d
    w[factors.factor(4, 0) + 1] = -0.5;      // d's OOV: nonzero, so x (all zero) must stay listed
    w[6] = 1.5;                              // y
    w[factors.interceptIndex()] = 0.1;
    FactorizationModel model = new FactorizationModel(factors, true, w);
    ServingModel served = roundTrip(ServingModel.vocabulary(layout, vocab, model, false));
    assertArrayEquals(new String[] {"a", "b"}, served.tokens[0], "z is all zero like c's OOV: dropped");
    assertArrayEquals(new String[] {"x", "y"}, served.tokens[1], "x is all zero, d's OOV is not: kept");
    assertEquals(2, served.numNonzeroEmbeddingRows());
    assertEquals(2, served.numStoredWeights());

    RowEncoder encoder = new RowEncoder(2, vocab, 0);
    int[] indices = new int[2];
    double[] values = new double[2];
    int[] fields = new int[2];
    ServingModel.Scorer scorer = served.scorer();
    for (String c : new String[] {"a", "b", "z", "new"}) {
      for (String d : new String[] {"x", "y", "new"}) {
        int nnz = encoder.encode(new String[] {c, d}, indices, values, fields);
        assertEquals(model.margin(indices, values, fields, 0, nnz), scorer.margin(new String[] {c, d}), 0.0,
            c + "," + d);
      }
    }
  }

  @Test
  void theKindOfRowAndTheFieldsAreChecked() {
    ServingModel ffm = ServingModel.indexed(randomModel(10, 2, 2, true, true, 0.0, 1));
    ServingModel.Scorer scorer = ffm.scorer();
    IllegalArgumentException noFields = assertThrows(IllegalArgumentException.class,
        () -> scorer.probability(new int[] {1}, new double[] {1.0}, 1));
    assertTrue(noFields.getMessage().contains("field"), noFields.getMessage());
    IllegalArgumentException badField = assertThrows(IllegalArgumentException.class,
        () -> scorer.probability(new int[] {1, 2}, new double[] {1.0, 1.0}, new int[] {0, 2}, 2));
    assertTrue(badField.getMessage().contains("MUST be in [0, 2)"), badField.getMessage());
    IllegalArgumentException badIndex = assertThrows(IllegalArgumentException.class,
        () -> scorer.probability(new int[] {10}, new double[] {1.0}, new int[] {0}, 1));
    assertTrue(badIndex.getMessage().contains("[0, 10)"), badIndex.getMessage());
    assertThrows(IllegalStateException.class, () -> scorer.probability(new String[] {"a"}));

    ServingModel hashed = ServingModel.hashed(LAYOUT, 4, randomModel(16, 4, 2, true, true, 0.0, 1), true);
    assertThrows(IllegalStateException.class,
        () -> hashed.scorer().probability(new int[] {1}, new double[] {1.0}, new int[] {0}, 1));
    IllegalArgumentException moreFields = assertThrows(IllegalArgumentException.class,
        () -> ServingModel.hashed(LAYOUT, 4, randomModel(16, 5, 2, true, true, 0.0, 1), true));
    assertTrue(moreFields.getMessage().contains("at most its 4 fields"), moreFields.getMessage());
  }
}
