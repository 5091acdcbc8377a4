package io.jthanos.store.gateway.indexheader;

/**
 * Where the postings list of one label value lies in the block's {@code index}: {@code [start, end)} begins
 * after the list's 4-byte length, with the entry count, and may run a few bytes past the list (CRC, padding),
 * as Thanos's {@code index.Range} does.
 *
 * @param value the label value
 * @param start offset of the entry count in the index
 * @param end exclusive upper bound of the list's bytes in the index
 */
public record PostingsRange(String value, long start, long end) {}
