package io.sparkctr.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.group.GroupLayout;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The optimizer registry: every entry builds, and the README's optimizer table is the registry's. */
class OptimizerRegistryTest {
  /** The README's table, as the registry gives it. */
  static String readmeTable() {
    StringBuilder out = new StringBuilder();
    out.append("| optimizer | what it is | its Params | sparsity Param | default step (lr / fm / ffm) |\n");
    out.append("|---|---|---|---|---|\n");
    for (OptimizerRegistry.Entry e : OptimizerRegistry.all()) {
      double[] d = e.defaultSteps();
      out.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | `%s` %s / %s / %s |%n", e.name(), e.description(),
          "`" + String.join("`, `", e.params()) + "`", e.sparsity() == null ? "-" : "`" + e.sparsity() + "`",
          e.stepParam(), number(d[0]), number(d[1]), number(d[2])));
    }
    return out.toString();
  }

  private static String number(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  @Test
  void theReadmesOptimizerTableIsTheRegistrys() throws Exception {
    String readme = Files.readString(Paths.get("../README.md"));
    String table = readmeTable();
    assertTrue(readme.contains(table), "README.md MUST contain the registry's optimizer table:\n" + table);
  }

  @Test
  void everyEntryBuildsWithItsOwnParamsAndNamesAreUnique() {
    List<String> seen = new java.util.ArrayList<>();
    for (OptimizerRegistry.Entry e : OptimizerRegistry.all()) {
      assertTrue(!seen.contains(e.name()), "duplicate " + e.name());
      seen.add(e.name());
      assertTrue(e.params().contains(e.stepParam()), e.name() + " owns its step Param");
      if (e.sparsity() != null) {
        assertTrue(e.params().contains(e.sparsity()), e.name() + " owns its sparsity Param");
        assertEquals(0.0, e.pathGrid()[0], "a path starts at no sparsity");
      }
      OptimizerSpec spec = e.factory().apply(new OptimizerRegistry.Settings() {
        @Override
        public double number(String param) {
          assertTrue(e.params().contains(param), e.name() + " reads only its own Params, not " + param);
          return param.equals("beta") || param.equals(e.stepParam()) ? 0.1 : 0.0;
        }

        @Override
        public int integer(String param) {
          assertTrue(e.params().contains(param), e.name() + " reads only its own Params, not " + param);
          return 10;
        }

        @Override
        public String text(String param) {
          assertTrue(e.params().contains(param), e.name() + " reads only its own Params, not " + param);
          return "constant";
        }

        @Override
        public GroupLayout groups() {
          return GroupLayout.singletons(5, 4);
        }
      });
      assertEquals(e.name(), spec.name());
      assertEquals(5, spec.create(5, 4).dimension());
    }
    assertArrayEquals(seen.toArray(new String[0]), OptimizerRegistry.names());
    assertThrows(IllegalArgumentException.class, () -> OptimizerRegistry.get("adam"));
  }
}
