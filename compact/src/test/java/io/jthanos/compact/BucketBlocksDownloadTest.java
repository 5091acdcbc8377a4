package io.jthanos.compact;

import static io.jthanos.compact.Fixtures.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.tsdb.block.BlockMeta;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A block the compactor downloads must be whole; when it is not, the error says which file is wrong. */
class BucketBlocksDownloadTest {
    @TempDir Path tmp;
    private final InMemoryBucket bkt = new InMemoryBucket();

    private BlockMeta uploaded() throws IOException {
        Fixtures.Data data = Fixtures.generate(3, 0, 2 * HOUR, 60_000, 9);
        return Fixtures.uploadBlocks(bkt, tmp.resolve("in"), data, 0, 2 * HOUR, 2 * HOUR, Map.of("a", "b"),
                Clock.systemUTC()).get(0);
    }

    private Path target(BlockMeta m) {
        return tmp.resolve("out").resolve(m.ulid());
    }

    @Test
    void aWholeBlockDownloads() throws Exception {
        BlockMeta m = uploaded();
        assertThat(BucketBlocks.download(bkt, m.ulid(), target(m)).ulid()).isEqualTo(m.ulid());
        assertThat(target(m).resolve("index")).exists();
    }

    @Test
    void aBlockWithoutItsIndexNamesTheIndex() throws Exception {
        BlockMeta m = uploaded();
        bkt.delete(m.ulid() + "/index");
        assertThatThrownBy(() -> BucketBlocks.download(bkt, m.ulid(), target(m)))
                .isInstanceOf(IOException.class)
                .hasMessage("download block " + m.ulid() + " from bucket " + bkt.name() + ": no index");
        assertThat(target(m)).doesNotExist();
    }

    @Test
    void aTruncatedChunkFileNamesTheFileAndBothSizes() throws Exception {
        BlockMeta m = uploaded();
        String name = m.ulid() + "/chunks/000001";
        byte[] full = bkt.objects().get(name);
        byte[] cut = Arrays.copyOf(full, full.length / 2);
        bkt.upload(name, new ByteArrayInputStream(cut), cut.length);
        assertThatThrownBy(() -> BucketBlocks.download(bkt, m.ulid(), target(m)))
                .hasMessage("download block " + m.ulid() + " from bucket " + bkt.name() + ": chunks/000001 of "
                        + cut.length + " bytes, meta.json lists " + full.length);
        assertThat(Files.exists(target(m))).isFalse();
    }
}
