package io.sparkctr.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkctr.ml.classification.CtrEstimator;
import io.sparkctr.ml.feature.CtrFeaturizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.junit.jupiter.api.Test;

/** Every example config in conf/ names real Params with valid values, for the model it says it is for. */
class ConfFilesTest {
  @Test
  void everyConfFileAppliesToTheFeaturizerAndItsModel() throws IOException {
    Path conf = Paths.get("..", "conf").toAbsolutePath().normalize();
    List<Path> files;
    try (Stream<Path> s = Files.list(conf)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no conf files under " + conf);
    for (Path file : files) {
      String name = file.getFileName().toString();
      String model = name.contains("-ffm") ? "ffm" : name.contains("-fm") ? "fm" : "lr";
      Estimator<?> estimator = PreparedData.estimatorFor(model);
      assertDoesNotThrow(() -> {
        ParamSettings.load(file.toString(), List.of()).applyTo(new CtrFeaturizer(), estimator);
        ((CtrEstimator) estimator).checkOptimizerParams();
      }, name);
    }
  }
}
