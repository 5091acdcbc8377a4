package io.jthanos.tsdb.index;

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

    /**
     * @param groupOffsets the offset of symbol {@code i * FACTOR} at index {@code i}
     * @param end the end of the symbol table in {@code seg}
     * @param cacheSize slots in the cache of recent symbols
     */
    public SymbolLookup(MemorySegment seg, String name, long[] groupOffsets, long end, int cacheSize) {
        this.seg = seg;
        this.name = name;
        this.groupOffsets = groupOffsets;
        this.end = end;
        this.cache = new CachedSymbol[Math.max(1, cacheSize)];
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
