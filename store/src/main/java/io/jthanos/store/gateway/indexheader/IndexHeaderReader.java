package io.jthanos.store.gateway.indexheader;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.encoding.Crc32c;
import io.jthanos.tsdb.encoding.Decbuf;
import io.jthanos.tsdb.index.SymbolLookup;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads Thanos's binary index-header (format 1, {@code docs/operating/binary-index-header.md}) from a
 * memory-mapped file:
 *
 * <pre>
 * magic 0xBAAAD792 (4B) | version 1 (1B) | index version 2 (1B) | index postings offset table offset (8B)
 * symbol table             byte-exact copy of the index's: len(4B) #symbols(4B) {uvarint len, bytes}* CRC32C
 * postings offset table    byte-exact copy from the index's table to the index's end:
 *                          len(4B) #entries(4B) {n=2 (uvarint), uvarint len+name, uvarint len+value, offset uvarint64}* CRC32C
 *                          (followed by the index's own TOC)
 * TOC                      symbols offset (8B) | postings offset table offset (8B) | CRC32C of both (4B)
 * </pre>
 *
 * Offsets in the postings offset table point into the block's {@code index} in the bucket. Like Thanos (and
 * Prometheus's index reader) it keeps in memory every 32nd symbol offset and, per label name, every 32nd table
 * entry plus the last; the rest is decoded from the mapping on demand. Checksums of the sections are checked
 * once, on open. Immutable and thread-safe until {@link #close()}d.
 */
public final class IndexHeaderReader implements AutoCloseable {
    public static final int MAGIC = 0xBAAAD792;
    public static final int FORMAT_V1 = 1;
    public static final int HEADER_LEN = 4 + 1 + 1 + 8;
    static final int TOC_LEN = 8 + 8 + 4;
    private static final int FACTOR = SymbolLookup.FACTOR;
    private static final int RECENT_SYMBOLS = 8192;
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment seg;
    private final String name;
    private final Arena arena;
    private final int indexVersion;
    private final long indexPostingsTable;
    private final int symbolCount;
    private final long tableEnd;
    private final TreeMap<String, NameEntry> names = new TreeMap<>(Labels::compareStrings);
    private final Map<Integer, String> nameSymbols = new HashMap<>();
    private final SymbolLookup symbols;

    /** Sampled table entries of one label name: every 32nd value and the last, with their positions. */
    private static final class NameEntry {
        int count;
        String[] values;
        long[] positions;
    }

    private IndexHeaderReader(MemorySegment seg, String name, Arena arena) throws CorruptBlockException {
        this.seg = seg;
        this.name = name;
        this.arena = arena;
        long size = seg.byteSize();
        if (size < HEADER_LEN + TOC_LEN) {
            throw new CorruptBlockException(name, 0, "index-header of " + size + " bytes is too small");
        }
        int magic = seg.get(BE_INT, 0);
        if (magic != MAGIC) {
            throw new CorruptBlockException(name, 0, String.format("invalid magic number %08x, expected %08x", magic, MAGIC));
        }
        int version = seg.get(ValueLayout.JAVA_BYTE, 4) & 0xFF;
        if (version != FORMAT_V1) {
            throw new CorruptBlockException(name, 4, "unknown index-header version " + version + ", expected " + FORMAT_V1);
        }
        indexVersion = seg.get(ValueLayout.JAVA_BYTE, 5) & 0xFF;
        if (indexVersion != 2) {
            throw new CorruptBlockException(name, 5, "index version " + indexVersion + " not supported, expected 2");
        }
        indexPostingsTable = seg.get(BE_LONG, 6);
        long tocAt = size - TOC_LEN;
        int want = seg.get(BE_INT, size - 4);
        int got = Crc32c.of(seg, tocAt, 16);
        if (want != got) {
            throw new CorruptBlockException(name, tocAt, String.format("TOC checksum mismatch: stored %08x, computed %08x", want, got));
        }
        long symbolsAt = seg.get(BE_LONG, tocAt);
        long tableAt = seg.get(BE_LONG, tocAt + 8);
        if (symbolsAt < HEADER_LEN || tableAt <= symbolsAt || tableAt >= tocAt) {
            throw new CorruptBlockException(name, tocAt, "TOC offsets " + symbolsAt + ", " + tableAt + " outside the file");
        }
        Decbuf sym = Decbuf.atLengthPrefixed(seg, name, symbolsAt);
        symbols = SymbolLookup.read(seg, name, sym, RECENT_SYMBOLS);
        symbolCount = symbols.count();
        Decbuf table = Decbuf.atLengthPrefixed(seg, name, tableAt);
        tableEnd = table.position() + table.remaining();
        readTable(table);
        for (String n : names.keySet()) {
            if (!n.isEmpty()) {
                nameSymbols.put(reverseLookup(n), n);
            }
        }
    }

    /** Maps the index-header at {@code path}; {@link #close()} unmaps it. */
    public static IndexHeaderReader open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new IndexHeaderReader(seg, path.toString(), arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Reads an index-header held in memory (built without a local directory); {@link #close()} does nothing. */
    public static IndexHeaderReader of(byte[] bytes, String name) throws CorruptBlockException {
        return new IndexHeaderReader(MemorySegment.ofArray(bytes), name, null);
    }

    private void readTable(Decbuf d) throws CorruptBlockException {
        int cnt = d.be32int();
        String lastName = null;
        List<String> values = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        NameEntry cur = null;
        String prevValue = null;
        long prevPos = 0;
        for (int i = 0; i < cnt; i++) {
            long pos = d.position();
            int keys = d.uvarintInt();
            if (keys != 2) {
                throw new CorruptBlockException(name, pos, "postings offset table entry with " + keys + " keys, expected 2");
            }
            String n = d.uvarintStr();
            String v = d.uvarintStr();
            d.uvarint();
            if (!n.equals(lastName)) {
                if (cur != null) {
                    finish(cur, values, positions, prevValue, prevPos);
                }
                cur = new NameEntry();
                if (names.put(n, cur) != null) {
                    throw new CorruptBlockException(name, pos, "label name " + n + " appears twice in the postings offset table");
                }
                lastName = n;
            }
            if (cur.count % FACTOR == 0) {
                values.add(v);
                positions.add(pos);
            }
            cur.count++;
            prevValue = v;
            prevPos = pos;
        }
        if (cur != null) {
            finish(cur, values, positions, prevValue, prevPos);
        }
    }

    private static void finish(NameEntry e, List<String> values, List<Long> positions, String last, long lastPos) {
        if ((e.count - 1) % FACTOR != 0) {
            values.add(last);
            positions.add(lastPos);
        }
        e.values = values.toArray(new String[0]);
        e.positions = new long[positions.size()];
        for (int i = 0; i < e.positions.length; i++) {
            e.positions[i] = positions.get(i);
        }
        values.clear();
        positions.clear();
    }

    /** The file, for messages. */
    public String name() {
        return name;
    }

    /** Version of the block's index (2). */
    public int indexVersion() {
        return indexVersion;
    }

    public int symbolCount() {
        return symbolCount;
    }

    /** The symbol with sequence number {@code ref}. */
    public String lookupSymbol(int ref) throws CorruptBlockException {
        String n = nameSymbols.get(ref);
        if (n != null) {
            return n;
        }
        if (ref < 0 || ref >= symbolCount) {
            throw new CorruptBlockException(name, HEADER_LEN, "unknown symbol reference " + Integer.toUnsignedString(ref)
                    + " (" + symbolCount + " symbols)");
        }
        return symbols.lookup(ref);
    }

    private int reverseLookup(String s) throws CorruptBlockException {
        return symbols.indexOf(s, HEADER_LEN);
    }

    /** Label names of the block, sorted, without the all-postings key. */
    public List<String> labelNames() {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names.keySet()) {
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    /** Values of {@code labelName}, sorted; empty when absent. */
    public List<String> labelValues(String labelName) throws CorruptBlockException {
        List<String> out = new ArrayList<>();
        NameEntry e = names.get(labelName);
        if (e == null) {
            return out;
        }
        Decbuf d = new Decbuf(seg, name, e.positions[0], tableEnd);
        for (int i = 0; i < e.count; i++) {
            d.uvarint();
            d.skip(d.uvarint());
            out.add(d.uvarintStr());
            d.uvarint();
        }
        return out;
    }

    /** The postings range of {@code labelName=value}, or {@code null} when no series has it. */
    public PostingsRange postingsRange(String labelName, String value) throws CorruptBlockException {
        NameEntry e = names.get(labelName);
        if (e == null || Labels.compareStrings(value, e.values[0]) < 0
                || Labels.compareStrings(value, e.values[e.values.length - 1]) > 0) {
            return null;
        }
        int lo = 0;
        int hi = e.values.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (Labels.compareStrings(e.values[mid], value) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Decbuf d = new Decbuf(seg, name, e.positions[lo], tableEnd);
        for (int i = 0; i <= FACTOR && d.hasRemaining(); i++) {
            d.uvarint();
            if (!d.uvarintStr().equals(labelName)) {
                return null;
            }
            String v = d.uvarintStr();
            long off = d.uvarint();
            int c = Labels.compareStrings(v, value);
            if (c == 0) {
                return new PostingsRange(v, off + 4, nextOffset(d) - 4);
            }
            if (c > 0) {
                return null;
            }
        }
        return null;
    }

    /** Appends to {@code out}, in value order, the ranges of the values of {@code labelName} that {@code accept} takes. */
    public void postingsRanges(String labelName, Predicate<String> accept, List<PostingsRange> out) throws CorruptBlockException {
        NameEntry e = names.get(labelName);
        if (e == null) {
            return;
        }
        Decbuf d = new Decbuf(seg, name, e.positions[0], tableEnd);
        for (int i = 0; i < e.count; i++) {
            d.uvarint();
            d.skip(d.uvarint());
            String v = d.uvarintStr();
            long off = d.uvarint();
            if (accept.test(v)) {
                out.add(new PostingsRange(v, off + 4, nextOffset(d) - 4));
            }
        }
    }

    /** Range of the all-postings list (every series of the block). */
    public PostingsRange allPostingsRange() throws CorruptBlockException {
        return postingsRange("", "");
    }

    /** The postings offset of the table entry at {@code d}'s position, or the end bound after the last entry. */
    private long nextOffset(Decbuf d) throws CorruptBlockException {
        if (d.position() >= tableEnd) {
            return indexPostingsTable;
        }
        Decbuf peek = new Decbuf(seg, name, d.position(), tableEnd);
        peek.uvarint();
        peek.skip(peek.uvarint());
        peek.skip(peek.uvarint());
        return peek.uvarint();
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }
}
