package io.sparkctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkctr.testing.SparseData;
import org.junit.jupiter.api.Test;

class CsrBlockTest {
  @Test
  void localFeaturesRenumberEveryEntryIntoTheBlocksAscendingDistinctFeatures() {
    SparseData data = new SparseData(5, 2000, 8, 3000, true);
    CsrBlock block = data.block(0, data.numRows());
    CsrBlock.LocalFeatures local = block.localFeatures();
    assertArrayEquals(block.distinctIndices(), local.features(), "the dictionary: distinct features, ascending");
    assertEquals(block.rowStart[block.numRows], local.indices().length);
    for (int p = 0; p < local.indices().length; p++) {
      assertEquals(block.indices[p], local.features()[local.indices()[p]], "entry " + p);
    }
    assertSame(local, block.localFeatures(), "computed once per block");
  }
}
