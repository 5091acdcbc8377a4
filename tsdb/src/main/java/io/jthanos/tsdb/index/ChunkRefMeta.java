package io.jthanos.tsdb.index;

/**
 * A chunk as the index lists it for a series: its reference into the chunk segment files and the
 * timestamps of its first and last sample (both inclusive).
 */
public record ChunkRefMeta(long minTime, long maxTime, long ref) {}
