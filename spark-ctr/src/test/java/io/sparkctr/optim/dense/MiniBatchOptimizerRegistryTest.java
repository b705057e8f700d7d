package io.sparkctr.optim.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DeepFM's optimizer registry: every entry builds from its own Params, and the README's table is the registry's. */
class MiniBatchOptimizerRegistryTest {
  /** The README's table, as the registry gives it. */
  static String readmeTable() {
    StringBuilder out = new StringBuilder();
    out.append("| optimizer | what it is | its Params besides `stepSize` | default `stepSize` |\n");
    out.append("|---|---|---|---|\n");
    for (MiniBatchOptimizerRegistry.Entry e : MiniBatchOptimizerRegistry.OPTIMIZERS.all()) {
      out.append("| `").append(e.name()).append("` | ").append(e.description()).append(" | ")
          .append(e.params().isEmpty() ? "-" : "`" + String.join("`, `", e.params()) + "`").append(" | ")
          .append(java.math.BigDecimal.valueOf(e.defaultStepSize()).stripTrailingZeros().toPlainString())
          .append(" |\n");
    }
    return out.toString();
  }

  @Test
  void theReadmesDeepFmOptimizerTableIsTheRegistrys() throws Exception {
    String readme = Files.readString(Paths.get("../README.md"));
    String table = readmeTable();
    assertTrue(readme.contains(table), "README.md MUST contain the registry's DeepFM optimizer table:\n" + table);
  }

  @Test
  void everyEntryBuildsAndStepsWithItsOwnParamsAndNamesAreUnique() {
    ParameterLayout layout = new ParameterLayout(6, 2, 3);
    FeatureCounts counts = FeatureCounts.of(new int[] {0, 0, 1, 1, 2, 2}, new double[] {5, 1, 0, 2, 7, 7});
    List<String> seen = new ArrayList<>();
    for (MiniBatchOptimizerRegistry.Entry e : MiniBatchOptimizerRegistry.OPTIMIZERS.all()) {
      assertTrue(!seen.contains(e.name()), "duplicate " + e.name());
      seen.add(e.name());
      assertTrue(e.defaultStepSize() > 0, e.name());
      MiniBatchOptimizerRegistry.Settings own = new MiniBatchOptimizerRegistry.Settings() {
        @Override
        public double number(String param) {
          assertTrue(e.params().contains(param), e.name() + " reads only its own Params, not " + param);
          return 0.05;
        }

        @Override
        public boolean flag(String param) {
          assertTrue(e.params().contains(param), e.name() + " reads only its own Params, not " + param);
          return true;
        }

        @Override
        public String text(String param) {
          assertTrue(e.params().contains(param), e.name() + " reads only its own Params, not " + param);
          return "paper";
        }
      };
      DenseOptimizer base = e.base().create(layout, e.defaultStepSize(), own);
      BatchStep step = e.step().wrap(base, own, e.needsCounts() ? counts : null);
      DenseTesting.ConstantGradient gradient = DenseTesting.ConstantGradient.random(layout, 3L);
      double[] sparse = DenseTesting.random(layout.sparseSize(), 1L, 0.1);
      double[] dense = DenseTesting.random(layout.denseSize(), 2L, 0.1);
      double[] before = sparse.clone();
      step.step(sparse, dense, gradient);
      assertEquals(1, base.steps(), e.name() + " took one step");
      assertTrue(!java.util.Arrays.equals(before, sparse), e.name() + " moved the rows");
    }
    assertArrayEquals(seen.toArray(new String[0]), MiniBatchOptimizerRegistry.OPTIMIZERS.names());
    assertThrows(IllegalArgumentException.class, () -> MiniBatchOptimizerRegistry.OPTIMIZERS.get("ftrl"));
  }
}
