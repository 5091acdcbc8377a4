package io.jthanos.promql.archfixture;

import io.jthanos.tsdb.index.archfixture.IndexReader;

/** Synthetic layering violation for ArchitectureTest: PromQL reaching into the tsdb index. */
public final class EngineUsingIndex {
  public int postings(IndexReader reader) {
    return reader.postingsCount();
  }
}
