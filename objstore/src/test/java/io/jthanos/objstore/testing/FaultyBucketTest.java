package io.jthanos.objstore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.objstore.memory.InMemoryBucket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FaultyBucketTest {
    private static final byte[] DATA = "x".getBytes(StandardCharsets.UTF_8);

    @Test
    void recordsSuccessfulWritesAndFailsChosenUploadsUntilHealed() throws IOException {
        InMemoryBucket store = new InMemoryBucket();
        FaultyBucket bkt = new FaultyBucket(store);
        bkt.failUploads(name -> name.endsWith("/index"));
        bkt.upload("b/chunks/000001", DATA);
        assertThatThrownBy(() -> bkt.upload("b/index", DATA)).isInstanceOf(IOException.class).hasMessageContaining("b/index");
        assertThat(store.exists("b/index")).isFalse();
        bkt.heal();
        bkt.upload("b/index", DATA);
        bkt.delete("b/chunks/000001");
        assertThat(bkt.uploads()).containsExactly("b/chunks/000001", "b/index");
        assertThat(bkt.deletes()).containsExactly("b/chunks/000001");
        assertThat(bkt.log()).containsExactly("upload b/chunks/000001", "upload b/index", "upload b/index", "delete b/chunks/000001");
    }

    @Test
    void failsTheNthWriteAndEveryLaterOneLikeACrash() throws IOException {
        InMemoryBucket store = new InMemoryBucket();
        FaultyBucket bkt = new FaultyBucket(store);
        bkt.failFromWrite(2);
        bkt.upload("a", DATA);
        assertThatThrownBy(() -> bkt.upload("b", DATA)).hasMessageContaining("injected crash at write 2");
        assertThatThrownBy(() -> bkt.delete("a")).hasMessageContaining("injected crash at write 3");
        assertThat(store.exists("a")).isTrue();
        assertThat(store.exists("b")).isFalse();
        assertThat(bkt.writes()).isEqualTo(3);
    }
}
