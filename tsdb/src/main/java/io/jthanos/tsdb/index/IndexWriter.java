package io.jthanos.tsdb.index;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.encoding.Crc32c;
import io.jthanos.tsdb.encoding.Encbuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a TSDB index file, format version 2, byte for byte as Prometheus 3.5's {@code index.Writer}.
 *
 * <pre>
 * Index   --&gt; Magic 0xBAAAD700 (4B), Version 2 (1B), Symbols, Series, LabelIndices, Postings,
 *             LabelIndicesTable, PostingsOffsetTable, TOC
 * Symbols --&gt; len (4B), #symbols (4B), { len (uvarint), UTF-8 bytes }*, CRC32C (4B)
 * Series  --&gt; one entry per series, each 16-byte aligned; series id = offset / 16:
 *             len (uvarint), #labels (uvarint), { name ref, value ref (uvarint32) }*,
 *             #chunks (uvarint), c0.mint (varint), c0.maxt-c0.mint (uvarint), c0.ref (uvarint),
 *             { ci.mint-c(i-1).maxt (uvarint), ci.maxt-ci.mint (uvarint), ci.ref-c(i-1).ref (varint) }*,
 *             CRC32C (4B) over the entry after len
 * LabelIndex (legacy, one per label name, 4-byte aligned) --&gt;
 *             len (4B), #names = 1 (4B), #values (4B), { value symbol ref (4B) }*, CRC32C
 * Postings (4-byte aligned, first the all-postings list for ("", "")) --&gt;
 *             len (4B), #entries (4B), { series id (4B) }*, CRC32C
 * LabelIndicesTable --&gt; len (4B), #entries (4B), { 1 (uvarint), name, offset (uvarint64) }*, CRC32C
 * PostingsOffsetTable --&gt; len (4B), #entries (4B), { 2 (uvarint), name, value, offset (uvarint64) }*, CRC32C
 * TOC     --&gt; symbols, series, label indices, label indices table, postings, postings offset table
 *             (6 × 8B), CRC32C
 * </pre>
 *
 * Calls must come in stage order: all {@link #addSymbol}s (strictly increasing in UTF-8 byte order),
 * then all {@link #addSeries} (strictly increasing labels), then {@link #close()}. Prometheus 3.5 still
 * writes the legacy label-index sections; {@link #create(Path, boolean)} can leave them out, as newer
 * Prometheus versions do (the TOC then points both label-index entries at the following section).
 * Postings are kept in memory (4 bytes per label of each series) until {@link #close()}.
 */
public final class IndexWriter implements AutoCloseable {
    public static final int MAGIC = 0xBAAAD700;
    public static final int FORMAT_V2 = 2;
    static final int SERIES_ALIGN = 16;

    private enum Stage { NONE, SYMBOLS, SERIES, DONE }

    private final Path file;
    private final IndexFileWriter f;
    private final boolean writeLabelIndices;
    private final Encbuf buf1 = new Encbuf(1 << 16);
    private final Encbuf buf2 = new Encbuf(1 << 16);
    private Stage stage = Stage.NONE;

    private long tocSymbols, tocSeries, tocLabelIndices, tocLabelIndicesTable, tocPostings, tocPostingsTable;

    private final Map<String, Integer> symbols = new HashMap<>();
    private final List<String> symbolList = new ArrayList<>();
    private String lastSymbol;

    private Labels lastSeries;
    private long lastChunkRef;
    private long[] allPostings = new long[1024];
    private int numSeries;
    /** name symbol → value symbol → series ids. */
    private final TreeMap<Integer, TreeMap<Integer, IdList>> postings = new TreeMap<>();

    private IndexWriter(Path file, boolean writeLabelIndices) throws IOException {
        this.file = file;
        this.writeLabelIndices = writeLabelIndices;
        this.f = new IndexFileWriter(file);
        buf1.reset().putBE32(MAGIC).putByte(FORMAT_V2);
        f.write(buf1.array(), 0, buf1.len());
    }

    /** A writer that creates {@code file} (which must not exist) and writes what Prometheus 3.5 writes. */
    public static IndexWriter create(Path file) throws IOException {
        return new IndexWriter(file, true);
    }

    /** As {@link #create(Path)}; {@code writeLabelIndices = false} leaves out the legacy sections. */
    public static IndexWriter create(Path file, boolean writeLabelIndices) throws IOException {
        return new IndexWriter(file, writeLabelIndices);
    }

    private void ensureStage(Stage s) throws IOException {
        if (stage == s) {
            return;
        }
        if (stage.ordinal() > s.ordinal()) {
            throw new IllegalStateException("invalid stage " + s + ", currently at " + stage);
        }
        if (stage.ordinal() < s.ordinal() - 1) {
            ensureStage(Stage.values()[s.ordinal() - 1]);
        }
        switch (s) {
            case SYMBOLS -> {
                tocSymbols = f.pos();
                f.write(new byte[8]); // length and count, patched in finishSymbols
            }
            case SERIES -> {
                finishSymbols();
                tocSeries = f.pos();
            }
            case DONE -> finish();
            case NONE -> throw new IllegalStateException();
        }
        stage = s;
    }

    /** Adds the next symbol; symbols must be unique and sorted in UTF-8 byte order. */
    public void addSymbol(String sym) throws IOException {
        ensureStage(Stage.SYMBOLS);
        if (lastSymbol != null && Labels.compareStrings(sym, lastSymbol) <= 0) {
            throw new IllegalArgumentException("symbol " + sym + " out of order after " + lastSymbol);
        }
        lastSymbol = sym;
        symbols.put(sym, symbolList.size());
        symbolList.add(sym);
        buf1.reset().putUvarintStr(sym);
        f.write(buf1.array(), 0, buf1.len());
    }

    private void finishSymbols() throws IOException {
        long size = f.pos() - tocSymbols - 4;
        if (size > 0xFFFFFFFFL) {
            throw new IOException("symbol table size exceeds 4 bytes: " + size);
        }
        buf1.reset().putBE32((int) size).putBE32(symbolList.size());
        f.writeAt(Arrays.copyOf(buf1.array(), 8), tocSymbols);
        ByteBuffer table = f.read(tocSymbols + 4, (int) size);
        int crc = Crc32c.of(table.array(), 0, (int) size);
        buf1.reset().putBE32(crc);
        f.write(buf1.array(), 0, 4);
    }

    /**
     * Adds a series with the references of its chunks (already written, in increasing reference and
     * time order). Every label name and value must have been added as a symbol.
     *
     * @return the series id (its offset / 16), which postings refer to
     */
    public long addSeries(Labels labels, List<ChunkRefMeta> chunks) throws IOException {
        ensureStage(Stage.SERIES);
        if (lastSeries != null && labels.compareTo(lastSeries) <= 0) {
            throw new IllegalArgumentException("out-of-order series added with label set " + labels + ", last label set " + lastSeries);
        }
        long lastRef = lastChunkRef;
        long lastMaxT = 0;
        for (int i = 0; i < chunks.size(); i++) {
            ChunkRefMeta c = chunks.get(i);
            if (Long.compareUnsigned(c.ref(), lastRef) < 0) {
                throw new IllegalArgumentException("unsorted chunk reference: " + c.ref() + ", previous: " + lastRef);
            }
            lastRef = c.ref();
            if (i > 0 && c.minTime() <= lastMaxT) {
                throw new IllegalArgumentException("chunk minT " + c.minTime() + " is not higher than previous chunk maxT " + lastMaxT);
            }
            if (c.maxTime() < c.minTime()) {
                throw new IllegalArgumentException("chunk maxT " + c.maxTime() + " is less than minT " + c.minTime());
            }
            lastMaxT = c.maxTime();
        }
        f.addPadding(SERIES_ALIGN);
        long id = f.pos() / SERIES_ALIGN;
        if (id > 0xFFFFFFFFL) {
            throw new IOException("series id " + id + " exceeds 4 bytes: index too large");
        }
        buf2.reset().putUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            int name = symbol(labels.name(i));
            int value = symbol(labels.value(i));
            buf2.putUvarint(name & 0xFFFFFFFFL).putUvarint(value & 0xFFFFFFFFL);
            postings.computeIfAbsent(name, k -> new TreeMap<>()).computeIfAbsent(value, k -> new IdList()).add(id);
        }
        buf2.putUvarint(chunks.size());
        if (!chunks.isEmpty()) {
            ChunkRefMeta c = chunks.get(0);
            buf2.putVarint(c.minTime()).putUvarint(c.maxTime() - c.minTime()).putUvarint(c.ref());
            long t0 = c.maxTime();
            long ref0 = c.ref();
            for (int i = 1; i < chunks.size(); i++) {
                c = chunks.get(i);
                buf2.putUvarint(c.minTime() - t0).putUvarint(c.maxTime() - c.minTime());
                t0 = c.maxTime();
                buf2.putVarint(c.ref() - ref0);
                ref0 = c.ref();
            }
        }
        buf1.reset().putUvarint(buf2.len());
        buf2.putCrc32c(0);
        f.write(buf1.array(), 0, buf1.len());
        f.write(buf2.array(), 0, buf2.len());
        lastSeries = labels;
        lastChunkRef = lastRef;
        if (numSeries == allPostings.length) {
            allPostings = Arrays.copyOf(allPostings, numSeries * 2);
        }
        allPostings[numSeries++] = id;
        return id;
    }

    private int symbol(String s) {
        Integer i = symbols.get(s);
        if (i == null) {
            throw new IllegalArgumentException("symbol entry for \"" + s + "\" does not exist");
        }
        return i;
    }

    private void finish() throws IOException {
        tocLabelIndices = f.pos();
        List<String> names = new ArrayList<>();
        List<Long> labelIndexOffsets = new ArrayList<>();
        if (writeLabelIndices) {
            for (Map.Entry<Integer, TreeMap<Integer, IdList>> e : postings.entrySet()) {
                f.addPadding(4);
                names.add(symbolList.get(e.getKey()));
                labelIndexOffsets.add(f.pos());
                buf1.reset().putBE32(0).putBE32(1).putBE32(e.getValue().size());
                for (int v : e.getValue().keySet()) {
                    buf1.putBE32(v);
                }
                buf1.setBE32(0, buf1.len() - 4);
                buf1.putCrc32c(4);
                f.write(buf1.array(), 0, buf1.len());
            }
        }
        tocPostings = f.pos();
        f.addPadding(4);
        Encbuf offsetTable = new Encbuf(1 << 16);
        int entries = 0;
        writePosting("", "", allPostings, numSeries, offsetTable);
        entries++;
        for (Map.Entry<Integer, TreeMap<Integer, IdList>> e : postings.entrySet()) {
            String name = symbolList.get(e.getKey());
            for (Map.Entry<Integer, IdList> v : e.getValue().entrySet()) {
                writePosting(name, symbolList.get(v.getKey()), v.getValue().ids, v.getValue().size, offsetTable);
                entries++;
            }
        }
        tocLabelIndicesTable = f.pos();
        if (writeLabelIndices) {
            buf1.reset().putBE32(0).putBE32(names.size());
            for (int i = 0; i < names.size(); i++) {
                buf1.putUvarint(1).putUvarintStr(names.get(i)).putUvarint(labelIndexOffsets.get(i));
            }
            writeSection(buf1);
        }
        tocPostingsTable = f.pos();
        buf1.reset().putBE32(0).putBE32(entries).putBytes(offsetTable.array(), 0, offsetTable.len());
        writeSection(buf1);
        buf1.reset().putBE64(tocSymbols).putBE64(tocSeries).putBE64(tocLabelIndices).putBE64(tocLabelIndicesTable)
                .putBE64(tocPostings).putBE64(tocPostingsTable).putCrc32c(0);
        f.write(buf1.array(), 0, buf1.len());
    }

    /** Patches the 4-byte length at the start of {@code b}, appends the CRC of the rest and writes it. */
    private void writeSection(Encbuf b) throws IOException {
        long len = b.len() - 4L;
        if (len > 0xFFFFFFFFL) {
            throw new IOException("section length exceeds 4 bytes: " + len);
        }
        b.setBE32(0, (int) len);
        b.putCrc32c(4);
        f.write(b.array(), 0, b.len());
    }

    private void writePosting(String name, String value, long[] ids, int n, Encbuf offsetTable) throws IOException {
        f.addPadding(4);
        offsetTable.putUvarint(2).putUvarintStr(name).putUvarintStr(value).putUvarint(f.pos());
        buf2.reset().putBE32(4 + 4 * n).putBE32(n);
        for (int i = 0; i < n; i++) {
            buf2.putBE32((int) ids[i]);
        }
        buf2.putCrc32c(4);
        f.write(buf2.array(), 0, buf2.len());
    }

    /** Finishes the index (writing postings, tables and TOC) and fsyncs it. */
    @Override
    public void close() throws IOException {
        try {
            ensureStage(Stage.DONE);
        } finally {
            f.close();
        }
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    private static final class IdList {
        long[] ids = new long[4];
        int size;

        void add(long id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }
    }
}
