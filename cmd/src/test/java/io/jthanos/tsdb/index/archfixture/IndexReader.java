package io.jthanos.tsdb.index.archfixture;

/** Synthetic tsdb index class for ArchitectureTest. */
public final class IndexReader {
  public int postingsCount() {
    return 0;
  }
}
