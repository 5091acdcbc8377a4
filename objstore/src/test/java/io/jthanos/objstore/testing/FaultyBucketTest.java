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

    @Test
    void countsReadsByKindAndFailsChosenRangedReadsUntilHealed() throws IOException {
        InMemoryBucket store = new InMemoryBucket();
        store.upload("a/index", DATA);
        store.upload("b/index", DATA);
        FaultyBucket bkt = new FaultyBucket(store);
        RuntimeException injected = new IllegalStateException("injected");
        bkt.failRangeReads(name -> name.startsWith("a/"), injected);
        assertThatThrownBy(() -> bkt.getRange("a/index", 0, 1)).isSameAs(injected);
        try (var in = bkt.getRange("b/index", 0, 1)) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }
        bkt.get("a/index").close();
        assertThat(bkt.exists("a/index")).isTrue();
        bkt.attributes("a/index");
        bkt.iter("", name -> { });
        assertThat(bkt.reads(FaultyBucket.Read.GET_RANGE)).isEqualTo(2);
        for (FaultyBucket.Read r : new FaultyBucket.Read[] {FaultyBucket.Read.GET, FaultyBucket.Read.EXISTS,
                FaultyBucket.Read.ATTRIBUTES, FaultyBucket.Read.ITER}) {
            assertThat(bkt.reads(r)).as(r.name()).isEqualTo(1);
        }

        bkt.heal();
        try (var in = bkt.getRange("a/index", 0, 1)) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }
        bkt.resetReads();
        assertThat(bkt.reads(FaultyBucket.Read.GET_RANGE)).isZero();
    }
}
