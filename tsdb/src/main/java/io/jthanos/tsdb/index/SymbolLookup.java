package io.jthanos.tsdb.index;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.encoding.Decbuf;
import java.lang.foreign.MemorySegment;

/**
 * Symbol lookup by sequence number in an index v2 symbol table (also an index-header's copy of it): jumps to
 * the recorded offset of every 32nd symbol and skips the rest of the group. Recently decoded symbols stay in
 * a small direct-mapped cache, since label values repeat across series. Entries are immutable, so racing
 * readers see either an old entry or a complete new one. The caller checks that a reference is in range.
 */
public final class SymbolLookup {
    /** Symbols per recorded offset. */
    public static final int FACTOR = 32;

    private final MemorySegment seg;
    private final String name;
    private final long[] groupOffsets;
    private final long end;
    private final CachedSymbol[] cache;
    private final int count;

    private SymbolLookup(MemorySegment seg, String name, long[] groupOffsets, long end, int cacheSize, int count) {
        this.seg = seg;
        this.name = name;
        this.groupOffsets = groupOffsets;
        this.end = end;
        this.cache = new CachedSymbol[Math.max(1, cacheSize)];
        this.count = count;
    }

    /**
     * Reads a symbol table ({@code count} as 4 bytes, then length-prefixed symbols) from {@code table}, which
     * is positioned at the count and ends with the table; records every {@value #FACTOR}th symbol's offset.
     *
     * @param maxCacheSize slots in the cache of recent symbols, fewer when the table has fewer symbols
     */
    public static SymbolLookup read(MemorySegment seg, String name, Decbuf table, int maxCacheSize)
            throws CorruptBlockException {
        int count = table.be32int();
        long[] groups = new long[(count + FACTOR - 1) / FACTOR];
        for (int i = 0; i < count; i++) {
            if (i % FACTOR == 0) {
                groups[i / FACTOR] = table.position();
            }
            table.skip(table.uvarint());
        }
        return new SymbolLookup(seg, name, groups, table.position(), Math.min(count, maxCacheSize), count);
    }

    /** Symbols in the table (only for a lookup made by {@link #read}). */
    public int count() {
        return count;
    }

    /** Where the symbol table ends in the segment. */
    public long end() {
        return end;
    }

    /**
     * The sequence number of {@code s} (only for a lookup made by {@link #read}): a binary search over the
     * recorded symbols, then a scan of one group. A label name of the postings table that is not a symbol is
     * corruption, reported at {@code errorOffset}.
     */
    public int indexOf(String s, long errorOffset) throws CorruptBlockException {
        int lo = 0;
        int hi = groupOffsets.length - 1;
        while (lo < hi) { // the last group whose first symbol <= s
            int mid = (lo + hi + 1) >>> 1;
            if (Labels.compareStrings(new Decbuf(seg, name, groupOffsets[mid], end).uvarintStr(), s) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (groupOffsets.length > 0) {
            Decbuf d = new Decbuf(seg, name, groupOffsets[lo], end);
            for (int i = lo * FACTOR; i < Math.min(count, (lo + 1) * FACTOR); i++) {
                if (d.uvarintStr().equals(s)) {
                    return i;
                }
            }
        }
        throw new CorruptBlockException(name, errorOffset, "label name " + s + " of the postings table is not a symbol");
    }

    /** The symbol with sequence number {@code ref}, which must be below the table's symbol count. */
    public String lookup(int ref) throws CorruptBlockException {
        int slot = ref % cache.length;
        CachedSymbol cached = cache[slot];
        if (cached != null && cached.ref() == ref) {
            return cached.value();
        }
        Decbuf d = new Decbuf(seg, name, groupOffsets[ref / FACTOR], end);
        for (int i = ref % FACTOR; i > 0; i--) {
            d.skip(d.uvarint());
        }
        String value = d.uvarintStr();
        cache[slot] = new CachedSymbol(ref, value);
        return value;
    }

    private record CachedSymbol(int ref, String value) {}
}
