/**
 * The in-memory head block: {@link io.jthanos.tsdb.head.Head}, appended to through
 * {@link io.jthanos.tsdb.head.HeadAppender}s and read through
 * {@link io.jthanos.tsdb.head.HeadQuerier} and {@link io.jthanos.tsdb.head.HeadChunkQuerier}.
 *
 * <p>Series live in a lock-striped map (by label hash and by ref) with an in-memory inverted index
 * for matchers. Each series holds one open XOR chunk on the heap; completed chunks are written to
 * {@code chunks_head/} files in Prometheus's head-chunk layout and read back through memory maps, so
 * the heap holds per series only primitives, the labels (strings shared through the index) and the
 * open chunk. Every commit is logged to the WAL before it is applied, in the order it is applied, so
 * that replay on open restores exactly the head that was running.
 */
package io.jthanos.tsdb.head;
