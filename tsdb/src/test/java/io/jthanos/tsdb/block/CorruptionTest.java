package io.jthanos.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every flipped byte of a small block's index and chunk file either reads correctly or is reported as corruption. */
class CorruptionTest {
    @TempDir
    Path dir;

    @Test
    void everyFlippedByteReadsCorrectlyOrRaisesCorruption() throws Exception {
        TreeMap<Labels, TestBlocks.Samples> model = new TreeMap<>();
        for (int i = 0; i < 4; i++) {
            int n = 20 + 50 * i;
            long[] t = new long[n];
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                t[k] = 1000L * k + i;
                v[k] = k * 1.5 + i;
            }
            model.put(Labels.of("__name__", "m" + (i % 2), "i", "v" + i, "ü", "x\"" + i), new TestBlocks.Samples(t, v));
        }
        BlockMeta meta = TestBlocks.write(dir, model);
        Path block = dir.resolve(meta.ulid());
        String reference = readAll(block);
        assertThat(reference).contains("m0").contains("v3");
        int corrupt = 0;
        int fine = 0;
        for (String file : new String[] {"index", "chunks/000001"}) {
            Path p = block.resolve(file);
            byte[] orig = Files.readAllBytes(p);
            for (int i = 0; i < orig.length; i++) {
                byte[] b = orig.clone();
                b[i] ^= (byte) 0xFF;
                Files.write(p, b);
                try {
                    String got = readAll(block);
                    assertThat(got).as("%s byte %d flipped", file, i).isEqualTo(reference);
                    fine++;
                } catch (CorruptBlockException e) {
                    corrupt++;
                } catch (UncheckedIOException e) {
                    assertThat(e.getCause()).as("%s byte %d", file, i).isInstanceOf(CorruptBlockException.class);
                    corrupt++;
                }
            }
            Files.write(p, orig);
        }
        assertThat(readAll(block)).isEqualTo(reference);
        assertThat(corrupt).isGreaterThan(fine);

        // truncation at every length, and single-bit flips, of both files
        for (String file : new String[] {"index", "chunks/000001"}) {
            Path p = block.resolve(file);
            byte[] orig = Files.readAllBytes(p);
            for (int len = 0; len < orig.length; len++) {
                Files.write(p, java.util.Arrays.copyOf(orig, len));
                assertCorruptOrEqual(block, reference, file + " truncated to " + len);
            }
            for (int i = 0; i < orig.length; i += 3) {
                byte[] b = orig.clone();
                b[i] ^= (byte) (1 << (i % 8));
                Files.write(p, b);
                assertCorruptOrEqual(block, reference, file + " bit flipped at " + i);
            }
            Files.write(p, orig);
        }
    }

    private static void assertCorruptOrEqual(Path block, String reference, String what) throws IOException {
        try {
            assertThat(readAll(block)).as(what).isEqualTo(reference);
        } catch (CorruptBlockException e) {
            // expected
        } catch (UncheckedIOException e) {
            assertThat(e.getCause()).as(what).isInstanceOf(CorruptBlockException.class);
        }
    }

    private static String readAll(Path blockDir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Block b = Block.open(blockDir); var q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            sb.append(q.labelNames(LabelHints.NONE).values()).append('\n');
            for (String n : q.labelNames(LabelHints.NONE).values()) {
                sb.append(q.labelValues(n, LabelHints.NONE).values()).append('\n');
            }
            SeriesSet ss = q.select(true, null, Matcher.regex("__name__", ".+"));
            SampleIterator it = null;
            while (ss.next()) {
                sb.append(ss.at().labels()).append('\n');
                it = ss.at().iterator(it);
                while (it.next() == ValueType.FLOAT) {
                    sb.append(it.atT()).append(' ').append(Double.doubleToRawLongBits(it.atF())).append('\n');
                }
            }
            SeriesSet one = q.select(true, null, Matcher.equal("i", "v2"));
            while (one.next()) {
                sb.append("v2: ").append(one.at().labels()).append('\n');
            }
        }
        return sb.toString();
    }
}
