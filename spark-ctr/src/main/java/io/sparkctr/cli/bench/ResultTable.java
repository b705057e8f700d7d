package io.sparkctr.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Rows of a benchmark's results, written as CSV (for machines) and a markdown table (for people). */
final class ResultTable {
  private final String[] header;
  private final List<String[]> rows = new ArrayList<>();

  ResultTable(String... header) {
    this.header = header.clone();
  }

  void add(Object... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException(
          "A row MUST have " + header.length + " cells " + Arrays.toString(header) + ", but got " + cells.length);
    }
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = format(cells[i]);
    }
    rows.add(row);
  }

  static String format(Object cell) {
    if (cell instanceof Double || cell instanceof Float) {
      double v = ((Number) cell).doubleValue();
      if (Double.isNaN(v)) {
        return "";
      }
      double a = Math.abs(v);
      return a != 0.0 && (a >= 1e6 || a < 1e-3) ? String.format(Locale.ROOT, "%.4g", v)
          : String.format(Locale.ROOT, "%.4f", v);
    }
    return String.valueOf(cell);
  }

  String csv() {
    StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(i == 0 ? "" : ",").append(csvCell(row[i]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  String markdown() {
    StringBuilder out = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
    for (int i = 0; i < header.length; i++) {
      out.append("---|");
    }
    out.append('\n');
    for (String[] row : rows) {
      out.append("| ").append(String.join(" | ", row).replace("\n", " ")).append(" |\n");
    }
    return out.toString();
  }

  /** Writes {@code name}.csv and {@code name}.md (the markdown table after {@code preamble}) under {@code dir}. */
  void write(Path dir, String name, String preamble) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".csv"), csv(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(name + ".md"), preamble + "\n" + markdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the results under " + dir + ": " + e.getMessage(), e);
    }
  }
}
