package io.jthanos.tsdb.chunkenc.archfixture;

/** Synthetic chunk encoding class for ArchitectureTest. */
public final class XorChunk {
  public int numSamples() {
    return 0;
  }
}
