package io.jthanos.storage;

import io.jthanos.tsdb.chunkenc.Chunk;

/**
 * A chunk with its time range. {@code minTime} and {@code maxTime} are the timestamps of the first
 * and last sample, both inclusive.
 */
public record ChunkMeta(long minTime, long maxTime, Chunk chunk) {}
