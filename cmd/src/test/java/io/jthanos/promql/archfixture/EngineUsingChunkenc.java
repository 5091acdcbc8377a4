package io.jthanos.promql.archfixture;

import io.jthanos.tsdb.chunkenc.archfixture.XorChunk;

/** Synthetic allowed dependency for ArchitectureTest: PromQL using chunk encodings. */
public final class EngineUsingChunkenc {
  public int samples(XorChunk chunk) {
    return chunk.numSamples();
  }
}
