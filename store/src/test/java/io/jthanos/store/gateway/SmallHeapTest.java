package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.store.gateway.testing.TestBlocks;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory: a gateway JVM with a 48 MiB heap serves a block holding over 64 MiB of chunks. With a 4 MiB chunk pool the
 * full query fails with RESOURCE_EXHAUSTED and the next query is served; with a large pool the same query streams
 * through in batches without running out of heap.
 */
class SmallHeapTest {
    @TempDir Path tmp;

    @Test
    void queriesLargerThanHeapOrPoolFailCleanlyOrStream() throws Exception {
        InMemoryChunkQueryable db = new InMemoryChunkQueryable();
        Random rnd = new Random(3);
        int samples = 3_600;
        for (int i = 0; i < 2_500; i++) {
            long[] ts = new long[samples];
            double[] vs = new double[samples];
            for (int k = 0; k < samples; k++) {
                ts[k] = k * 15_000L;
                vs[k] = rnd.nextDouble(); // random values defeat XOR compression: ~7.5 bytes a sample
            }
            db.add(Labels.of("__name__", "big", "i", String.format("%04d", i)), ts, vs, 120);
        }
        Path bucket = Files.createDirectories(tmp.resolve("bucket"));
        TestBlocks.write(bucket, db, Labels.of("cluster", "eu"), 0, samples * 15_000L);
        db = null;
        long chunkBytes;
        try (var s = Files.walk(bucket)) {
            chunkBytes = s.filter(p -> p.toString().contains("/chunks/")).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(chunkBytes).isGreaterThan(64L << 20);

        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx48m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), SmallHeapMain.class.getName(), bucket.toString(),
                tmp.resolve("data").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().filter(l -> l.matches("^(HEAP|BIG|SMALL) .*")).toList();
        assertThat(lines).as(out).hasSize(5);
        assertThat(Long.parseLong(lines.get(0).substring(5))).isLessThanOrEqualTo(48L << 20);
        assertThat(lines.get(1)).startsWith("BIG failed RESOURCE_EXHAUSTED chunk pool exhausted");
        assertThat(lines.get(2)).startsWith("SMALL ok series=1 ").endsWith("poolUsed=0");
        assertThat(lines.get(3)).startsWith("BIG ok series=2500 bytes=");
        long streamed = Long.parseLong(lines.get(3).substring(lines.get(3).indexOf("bytes=") + 6));
        assertThat(streamed).as("more chunk bytes than the heap holds").isGreaterThan(48L << 20);
        assertThat(lines.get(4)).startsWith("SMALL ok series=1 ").endsWith("poolUsed=0");
        System.out.println(String.join("\n", lines));
    }
}
