package io.sparkctr.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

  /** Field a: x(5) y(2) z(1); field b: p(3) q(3). */
  private static Vocabulary sample(long minCount) {
    return Vocabulary.builder(List.of("a", "b"), minCount)
        .add(0, "z", 1).add(0, "x", 5).add(0, "y", 2)
        .add(1, "q", 3).add(1, "p", 3)
        .build();
  }

  @Test
  void layoutIsOovFirstThenCountDescThenToken() {
    final Vocabulary v = sample(1);
    assertEquals(7, v.size());
    // field a: [0]=<oov>, 1=x, 2=y, 3=z ; field b: [4]=<oov>, 5=p, 6=q (tie on count -> token asc)
    assertEquals(0, v.oovIndex(0));
    assertEquals(1, v.index(0, "x"));
    assertEquals(2, v.index(0, "y"));
    assertEquals(3, v.index(0, "z"));
    assertEquals(4, v.oovIndex(1));
    assertEquals(5, v.index(1, "p"));
    assertEquals(6, v.index(1, "q"));
    assertEquals(0, v.index(0, "never seen"));
    assertEquals(4, v.index(1, "x")); // a token of another field is unseen here
    assertEquals(Vocabulary.OOV_TOKEN, v.token(4));
    assertEquals("q", v.token(6));
    final int[] fields = {0, 0, 0, 0, 1, 1, 1};
    for (int i = 0; i < fields.length; i++) {
      assertEquals(fields[i], v.fieldOf(i), "index " + i);
    }
    assertThrows(IndexOutOfBoundsException.class, () -> v.fieldOf(7));
  }

  @Test
  void tokensBelowMinCountGoToTheFieldsOovIndex() {
    final Vocabulary v = sample(3);
    // field a keeps x only; field b keeps p and q
    assertEquals(5, v.size());
    assertEquals(2, v.fieldSize(0));
    assertEquals(0, v.index(0, "y"));
    assertEquals(0, v.index(0, "z"));
    assertEquals(1, v.index(0, "x"));
    assertEquals(3, v.count(0)); // y(2) + z(1) absorbed by OOV
    assertEquals(3, v.index(1, "p"));
    assertEquals(4, v.index(1, "q"));
    assertTrue(v.isOov(2));
    // a field where nothing survives still has its OOV index
    final Vocabulary high = sample(100);
    assertEquals(2, high.size());
    assertEquals(1, high.index(1, "p"));
  }

  @Test
  void codecAndJavaSerializationRoundTrip() throws IOException, ClassNotFoundException {
    final Vocabulary v = sample(2);
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    VocabularyCodec.write(v, bytes);
    final Vocabulary back = VocabularyCodec.read(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(v, back);
    assertEquals(v.index(1, "q"), back.index(1, "q"));

    final ByteArrayOutputStream java = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(java)) {
      out.writeObject(v);
    }
    final Vocabulary deserialized =
        (Vocabulary) new ObjectInputStream(new ByteArrayInputStream(java.toByteArray())).readObject();
    assertEquals(v, deserialized);
    assertEquals(v.index(0, "x"), deserialized.index(0, "x"));

    final byte[] corrupt = bytes.toByteArray();
    corrupt[0] = 0;
    IOException e = assertThrows(IOException.class, () -> VocabularyCodec.read(new ByteArrayInputStream(corrupt)));
    assertTrue(e.getMessage().contains("magic"));
  }

  @Test
  void fieldLayoutExpandsHourAndBinsNumeric() {
    final FieldLayout layout = new FieldLayout(
        new String[] {"c", "n", "hour"}, new String[] {"n"}, new String[] {"hour"});
    assertEquals(4, layout.numFields());
    assertEquals(List.of("c", "n", "hour_hour", "hour_weekday"), List.of(layout.fieldNames()));
    final String[] out = new String[4];
    assertEquals(-1, layout.toFieldTokens(new String[] {null, "1000", "14102105"}, out));
    assertEquals(List.of("", "47", "05", "1"), List.of(out));
    assertEquals(-1, layout.toFieldTokens(new String[] {"v", "", ""}, out));
    assertEquals(List.of("v", "", "", ""), List.of(out));
    assertEquals(1, layout.toFieldTokens(new String[] {"v", "x", "bad"}, out));
    assertEquals(List.of("v", FieldLayout.INVALID_TOKEN, FieldLayout.INVALID_TOKEN, FieldLayout.INVALID_TOKEN),
        List.of(out));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FieldLayout(new String[] {"a"}, new String[] {"b"}, new String[0]));
    assertTrue(e.getMessage().contains("numericCols") && e.getMessage().contains("'b'"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new FieldLayout(new String[] {"a"}, new String[] {"a"}, new String[] {"a"}));
  }
}
