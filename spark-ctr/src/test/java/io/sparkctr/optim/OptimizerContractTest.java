package io.sparkctr.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.fobos.FobosHyperParams;
import io.sparkctr.optim.fobos.FobosOptimizer;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.ftrl.FtrlOptimizer;
import io.sparkctr.optim.group.GroupAdamHyperParams;
import io.sparkctr.optim.group.GroupAdamOptimizer;
import io.sparkctr.optim.group.GroupLayout;
import io.sparkctr.optim.group.SparseGroupFtrlHyperParams;
import io.sparkctr.optim.group.SparseGroupFtrlOptimizer;
import io.sparkctr.optim.rda.RdaHyperParams;
import io.sparkctr.optim.rda.RdaOptimizer;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import io.sparkctr.optim.sgd.AdaGradHyperParams;
import io.sparkctr.optim.sgd.AdaGradOptimizer;
import io.sparkctr.optim.sgd.L1SgdHyperParams;
import io.sparkctr.optim.sgd.L1SgdOptimizer;
import io.sparkctr.optim.sgd.SgdHyperParams;
import io.sparkctr.optim.sgd.SgdOptimizer;
import io.sparkctr.optim.truncatedgradient.TruncatedGradientHyperParams;
import io.sparkctr.optim.truncatedgradient.TruncatedGradientOptimizer;
import io.sparkctr.optim.truncation.TruncationHyperParams;
import io.sparkctr.optim.truncation.TruncationOptimizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link SparseOnlineOptimizer} contract, for every implementation. */
class OptimizerContractTest {
  private static final LearningRateSchedule CONSTANT = LearningRateSchedule.CONSTANT;
  private static final LearningRateSchedule INV_SQRT = LearningRateSchedule.INV_SQRT;
  private static final int DIMENSION = 7;
  private static final int NUM_REGULARIZED = 6;

  /** An optimizer with strong penalties, and the same one without any (for the intercept check). */
  record Case(String name, BiFunction<Integer, Integer, SparseOnlineOptimizer> penalised,
      BiFunction<Integer, Integer, SparseOnlineOptimizer> plain) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("sgd", (d, r) -> new SgdOptimizer(new SgdHyperParams(0.1, INV_SQRT, 5.0), d, r),
            (d, r) -> new SgdOptimizer(new SgdHyperParams(0.1, INV_SQRT, 0.0), d, r)),
        new Case("adagrad", (d, r) -> new AdaGradOptimizer(new AdaGradHyperParams(0.1, 1.0, 0.0), d, r),
            (d, r) -> new AdaGradOptimizer(new AdaGradHyperParams(0.1, 1.0, 0.0), d, r)),
        new Case("l1sgd", (d, r) -> new L1SgdOptimizer(new L1SgdHyperParams(0.1, CONSTANT, 3.0, 2.0), d, r),
            (d, r) -> new L1SgdOptimizer(new L1SgdHyperParams(0.1, CONSTANT, 0.0, 0.0), d, r)),
        new Case("truncation",
            (d, r) -> new TruncationOptimizer(new TruncationHyperParams(0.1, CONSTANT, 10.0, 2), d, r),
            (d, r) -> new TruncationOptimizer(new TruncationHyperParams(0.1, CONSTANT, 0.0, 2), d, r)),
        new Case("tg",
            (d, r) -> new TruncatedGradientOptimizer(
                new TruncatedGradientHyperParams(0.1, INV_SQRT, 3.0, Double.POSITIVE_INFINITY, 2), d, r),
            (d, r) -> new TruncatedGradientOptimizer(
                new TruncatedGradientHyperParams(0.1, INV_SQRT, 0.0, Double.POSITIVE_INFINITY, 2), d, r)),
        new Case("fobos", (d, r) -> new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 3.0, 2.0), d, r),
            (d, r) -> new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 0.0, 0.0), d, r)),
        new Case("fobos invSqrt", (d, r) -> new FobosOptimizer(new FobosHyperParams(0.1, INV_SQRT, 3.0, 2.0), d, r),
            (d, r) -> new FobosOptimizer(new FobosHyperParams(0.1, INV_SQRT, 0.0, 0.0), d, r)),
        new Case("rda", (d, r) -> new RdaOptimizer(new RdaHyperParams(1.0, 3.0, 0.5), d, r),
            (d, r) -> new RdaOptimizer(new RdaHyperParams(1.0, 0.0, 0.0), d, r)),
        new Case("ftrl", (d, r) -> new FtrlOptimizer(new FtrlHyperParams(0.1, 1.0, 3.0, 2.0), d, r),
            (d, r) -> new FtrlOptimizer(new FtrlHyperParams(0.1, 1.0, 0.0, 0.0), d, r)),
        // The group optimizers over two singletons and rows of 2 ({2, 3}, {4, 5} at the contract's shape).
        new Case("sparseGroupFtrl",
            (d, r) -> new SparseGroupFtrlOptimizer(new SparseGroupFtrlHyperParams(0.1, 0.1, 3.0, 2.0, 1.0),
                new GroupLayout(d, r, 2, 2)),
            (d, r) -> new SparseGroupFtrlOptimizer(new SparseGroupFtrlHyperParams(0.1, 0.1, 0.0, 0.0, 0.0),
                new GroupLayout(d, r, 2, 2))),
        new Case("groupAdam",
            (d, r) -> new GroupAdamOptimizer(GroupAdamHyperParams.of(0.1, 3.0, 2.0, 1.0), new GroupLayout(d, r, 2, 2)),
            (d, r) -> new GroupAdamOptimizer(GroupAdamHyperParams.of(0.1, 0.0, 0.0, 0.0),
                new GroupLayout(d, r, 2, 2))));
  }

  private static SparseOnlineOptimizer trained(Case c) {
    SparseOnlineOptimizer opt = c.plain().apply(DIMENSION, NUM_REGULARIZED);
    OptimizerTesting.drive(opt, 21, 60, 0.4, 1.0);
    return opt;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsItsLayout(Case c) {
    SparseOnlineOptimizer opt = c.penalised().apply(DIMENSION, NUM_REGULARIZED);
    assertEquals(DIMENSION, opt.dimension());
    assertEquals(NUM_REGULARIZED, opt.numRegularized());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.penalised().apply(3, 4));
    assertTrue(e.getMessage().contains("numRegularized") && e.getMessage().contains("4")
        && e.getMessage().contains("[0, 3]"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void copyIsIndependent(Case c) {
    for (SparseOnlineOptimizer opt : new SparseOnlineOptimizer[] {trained(c), c.penalised().apply(DIMENSION, NUM_REGULARIZED)}) {
      OptimizerTesting.drive(opt, 22, 30, 0.4, 1.0);
      SparseOnlineOptimizer copy = opt.copy();
      assertEquals(opt.getClass(), copy.getClass());
      double[] before = OptimizerTesting.weightsOfCopy(copy);
      assertArrayEquals(OptimizerTesting.weightsOfCopy(opt), before, 0.0);
      OptimizerTesting.drive(opt, 23, 30, 0.9, 1.0);
      assertArrayEquals(before, OptimizerTesting.weightsOfCopy(copy), 0.0, "stepping the original moved the copy");
      double[] original = OptimizerTesting.weightsOfCopy(opt);
      OptimizerTesting.drive(copy, 24, 30, 0.9, 1.0);
      assertArrayEquals(original, OptimizerTesting.weightsOfCopy(opt), 0.0, "stepping the copy moved the original");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void weightsEqualsWeightOfEachCoordinateAfterCatchUp(Case c) {
    SparseOnlineOptimizer opt = c.penalised().apply(DIMENSION, NUM_REGULARIZED);
    OptimizerTesting.drive(opt, 25, 80, 0.2, 1.0);
    double[] out = new double[DIMENSION];
    opt.weights(out);
    for (int i = 0; i < DIMENSION; i++) {
      assertEquals(out[i], opt.weight(i), 0.0, "coordinate " + i);
    }
    double[] again = new double[DIMENSION];
    opt.weights(again);
    assertArrayEquals(out, again, 0.0, "weights(out) is idempotent within a step");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void weightsRejectsABufferOfAnotherDimension(Case c) {
    SparseOnlineOptimizer opt = c.penalised().apply(DIMENSION, NUM_REGULARIZED);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> opt.weights(new double[DIMENSION + 1]));
    assertTrue(e.getMessage().contains("Dimension mismatch") && e.getMessage().contains("" + DIMENSION)
        && e.getMessage().contains("" + (DIMENSION + 1)), e.getMessage());
  }

  /** Java serialization (Spark broadcast) keeps the state, and the step counter, exactly. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serializationKeepsTheState(Case c) throws Exception {
    SparseOnlineOptimizer opt = c.penalised().apply(DIMENSION, NUM_REGULARIZED);
    OptimizerTesting.drive(opt, 26, 40, 0.3, 1.0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(opt);
    }
    SparseOnlineOptimizer back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (SparseOnlineOptimizer) in.readObject();
    }
    assertArrayEquals(OptimizerTesting.weightsOfCopy(opt), OptimizerTesting.weightsOfCopy(back), 0.0);
    OptimizerTesting.drive(opt, 27, 40, 0.3, 1.0);
    OptimizerTesting.drive(back, 27, 40, 0.3, 1.0);
    assertArrayEquals(OptimizerTesting.weightsOfCopy(opt), OptimizerTesting.weightsOfCopy(back), 0.0);
  }

  /**
   * The intercept (coordinates &gt;= numRegularized) is never penalised: under strong penalties its
   * trajectory is bit for bit the unpenalised optimizer's, while the penalised coordinates differ.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void interceptIsNeverPenalised(Case c) {
    SparseOnlineOptimizer penalised = c.penalised().apply(DIMENSION, NUM_REGULARIZED);
    SparseOnlineOptimizer plain = c.plain().apply(DIMENSION, NUM_REGULARIZED);
    OptimizerTesting.drive(penalised, 28, 100, 0.3, 1.0);
    OptimizerTesting.drive(plain, 28, 100, 0.3, 1.0);
    double[] p = OptimizerTesting.weightsOfCopy(penalised);
    double[] q = OptimizerTesting.weightsOfCopy(plain);
    assertEquals(q[DIMENSION - 1], p[DIMENSION - 1], 0.0, "intercept");
    assertNotEquals(0.0, q[DIMENSION - 1]);
    if (!c.name().equals("adagrad")) { // AdaGrad has no penalty at all
      for (int i = 0; i < NUM_REGULARIZED; i++) {
        assertNotEquals(q[i], p[i], "penalised coordinate " + i + " should differ");
      }
    }
  }
}
