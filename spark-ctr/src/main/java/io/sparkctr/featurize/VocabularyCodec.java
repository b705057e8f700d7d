package io.sparkctr.featurize;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Versioned binary format of a {@link Vocabulary} (big-endian, {@link DataOutputStream}):
 *
 * <pre>
 * int    MAGIC = 0x43545256 ("CTRV")
 * int    VERSION = 1
 * long   minCount
 * int    numFields
 * numFields x string fieldName
 * int    size
 * (numFields + 1) x int offset
 * size x (string token, long count)
 * string = int byteLength, UTF-8 bytes
 * </pre>
 */
public final class VocabularyCodec {
  private VocabularyCodec() {}

  public static final int MAGIC = 0x43545256;
  public static final int VERSION = 1;

  /** Writes {@code vocabulary} to {@code out} (not closed). */
  public static void write(Vocabulary vocabulary, OutputStream out) throws IOException {
    final DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeLong(vocabulary.minCount());
    final int n = vocabulary.numFields();
    data.writeInt(n);
    for (int f = 0; f < n; f++) {
      writeString(data, vocabulary.fieldName(f));
    }
    final String[] tokens = vocabulary.tokensArray();
    final long[] counts = vocabulary.countsArray();
    data.writeInt(tokens.length);
    for (int offset : vocabulary.offsetsArray()) {
      data.writeInt(offset);
    }
    for (int i = 0; i < tokens.length; i++) {
      writeString(data, tokens[i]);
      data.writeLong(counts[i]);
    }
    data.flush();
  }

  /** Reads a vocabulary written by {@link #write}; fails on a wrong magic number or version. */
  public static Vocabulary read(InputStream in) throws IOException {
    final DataInputStream data = new DataInputStream(in);
    final int magic = data.readInt();
    if (magic != MAGIC) {
      throw new IOException("Not a spark-ctr vocabulary: magic MUST be 0x" + Integer.toHexString(MAGIC)
          + ", but got 0x" + Integer.toHexString(magic));
    }
    final int version = data.readInt();
    if (version != VERSION) {
      throw new IOException("Vocabulary format version MUST be " + VERSION + ", but got " + version
          + " (written by a newer spark-ctr?)");
    }
    final long minCount = data.readLong();
    final int n = checkedLength(data.readInt(), "numFields");
    final String[] names = new String[n];
    for (int f = 0; f < n; f++) {
      names[f] = readString(data);
    }
    final int size = checkedLength(data.readInt(), "size");
    final int[] offsets = new int[n + 1];
    for (int f = 0; f <= n; f++) {
      offsets[f] = data.readInt();
    }
    final String[] tokens = new String[size];
    final long[] counts = new long[size];
    for (int i = 0; i < size; i++) {
      tokens[i] = readString(data);
      counts[i] = data.readLong();
    }
    return new Vocabulary(names, minCount, offsets, tokens, counts);
  }

  private static int checkedLength(int value, String what) throws IOException {
    if (value < 0) {
      throw new IOException("Corrupt vocabulary: " + what + " MUST be >= 0, but got " + value);
    }
    return value;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    final byte[] bytes = new byte[checkedLength(in.readInt(), "string length")];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
