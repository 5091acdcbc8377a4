package io.jthanos.objstore.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.ObjectAttributes;
import io.jthanos.objstore.ObjectNotFoundException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Bucket}, run against every provider (after thanos-io/objstore's
 * {@code AcceptanceTest}): a subclass supplies a fresh, empty bucket per test.
 */
public abstract class BucketAcceptanceTest {
    protected Bucket bucket;

    /** Returns a new, empty bucket; it is closed after the test. */
    protected abstract Bucket newBucket() throws Exception;

    /** Size of the "large" object, chosen to need several multipart parts where the provider has them. */
    protected long largeObjectSize() {
        return (11L << 20) + 12345;
    }

    @BeforeEach
    final void openBucket() throws Exception {
        bucket = newBucket();
    }

    @AfterEach
    final void closeBucket() throws Exception {
        if (bucket != null) {
            bucket.close();
        }
    }

    protected final void put(String name, String content) throws IOException {
        bucket.upload(name, content.getBytes(UTF_8));
    }

    protected final String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private void putThanosLayout() throws IOException {
        put("id1/obj_1.some", "@test-data@");
        put("id1/obj_2.some", "@test-data2@");
        put("id1/obj_3.some", "@test-data3@");
        put("id1/sub/subobj_1.some", "@test-data4@");
        put("id1/sub/subobj_2.some", "@test-data5@");
        put("id2/obj_4.some", "@test-data6@");
        put("obj_5.some", "@test-data7@");
    }

    @Test
    void emptyBucketHasNoEntries() throws IOException {
        assertThat(bucket.list("")).isEmpty();
        assertThat(bucket.list("", IterOption.RECURSIVE)).isEmpty();
        assertThat(bucket.list("missing/")).isEmpty();
        assertThat(bucket.exists("missing")).isFalse();
    }

    @Test
    void missingObjectIsNotFound() throws IOException {
        assertThatThrownBy(() -> bucket.get("id1/obj_1.some"))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("id1/obj_1.some")
                .satisfies(e -> assertThat(bucket.isObjectNotFound(e)).isTrue());
        assertThatThrownBy(() -> bucket.getRange("id1/obj_1.some", 1, 3)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> bucket.getRange("id1/obj_1.some", 0, 0)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> bucket.attributes("id1/obj_1.some")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(bucket.exists("id1/obj_1.some")).isFalse();
        assertThat(bucket.isObjectNotFound(new IOException("other"))).isFalse();
        assertThat(bucket.isObjectNotFound(new IOException("wrapped", new ObjectNotFoundException(
                io.jthanos.objstore.BucketOperation.GET, "b", "k")))).isTrue();
    }

    @Test
    void emptyNameIsAUserErrorNotNotFound() {
        assertThatThrownBy(() -> bucket.get(""))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(bucket.isObjectNotFound(e)).isFalse());
        assertThatThrownBy(() -> bucket.upload("", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uploadedObjectIsReadableAtOnce() throws IOException {
        Instant before = Instant.now().minus(Duration.ofMinutes(5));
        put("id1/obj_1.some", "@test-data@");
        assertThat(read(bucket.get("id1/obj_1.some"))).isEqualTo("@test-data@");
        assertThat(bucket.exists("id1/obj_1.some")).isTrue();
        ObjectAttributes attributes = bucket.attributes("id1/obj_1.some");
        assertThat(attributes.size()).isEqualTo(11);
        assertThat(attributes.lastModified()).isBetween(before, Instant.now().plus(Duration.ofMinutes(5)));
        assertThat(bucket.exists("id1")).as("a directory is not an object").isFalse();
    }

    @Test
    void binaryContentRoundTrips() throws IOException {
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        bucket.upload("bin", all);
        try (InputStream in = bucket.get("bin")) {
            assertThat(in.readAllBytes()).isEqualTo(all);
        }
    }

    @Test
    void rangedReadsFollowThanos() throws IOException {
        put("id1/obj_1.some", "@test-data@");
        assertThat(read(bucket.getRange("id1/obj_1.some", 1, 3))).isEqualTo("tes");
        assertThat(read(bucket.getRange("id1/obj_1.some", 0, 11))).isEqualTo("@test-data@");
        assertThat(read(bucket.getRange("id1/obj_1.some", 1, -1))).isEqualTo("test-data@");
        assertThat(read(bucket.getRange("id1/obj_1.some", 0, -1))).isEqualTo("@test-data@");
        assertThat(read(bucket.getRange("id1/obj_1.some", 3, 9999))).as("cut at the end").isEqualTo("st-data@");
        assertThat(read(bucket.getRange("id1/obj_1.some", 10, 1))).isEqualTo("@");
        assertThat(read(bucket.getRange("id1/obj_1.some", 4, 0))).as("zero length").isEmpty();
        assertThat(read(bucket.getRange("id1/obj_1.some", 11, 5))).as("offset at the end").isEmpty();
        assertThat(read(bucket.getRange("id1/obj_1.some", 124141, 3))).as("offset beyond the end").isEmpty();
        assertThat(read(bucket.getRange("id1/obj_1.some", 124141, -1))).isEmpty();
        assertThatThrownBy(() -> bucket.getRange("id1/obj_1.some", -1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.getRange("id1/obj_1.some", 0, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyObject() throws IOException {
        bucket.upload("empty", new byte[0]);
        assertThat(bucket.exists("empty")).isTrue();
        assertThat(bucket.attributes("empty").size()).isZero();
        assertThat(read(bucket.get("empty"))).isEmpty();
        assertThat(read(bucket.getRange("empty", 0, 10))).isEmpty();
        assertThat(read(bucket.getRange("empty", 0, -1))).isEmpty();
        assertThat(bucket.list("")).containsExactly("empty");
    }

    @Test
    void iteratesLikeThanos() throws IOException {
        putThanosLayout();
        assertThat(bucket.list("")).containsExactly("id1/", "id2/", "obj_5.some");
        assertThat(bucket.list("", IterOption.RECURSIVE)).containsExactly(
                "id1/obj_1.some", "id1/obj_2.some", "id1/obj_3.some", "id1/sub/subobj_1.some", "id1/sub/subobj_2.some",
                "id2/obj_4.some", "obj_5.some");
        for (String dir : List.of("id1", "id1/")) {
            assertThat(bucket.list(dir)).containsExactly("id1/obj_1.some", "id1/obj_2.some", "id1/obj_3.some", "id1/sub/");
            assertThat(bucket.list(dir, IterOption.RECURSIVE)).containsExactly(
                    "id1/obj_1.some", "id1/obj_2.some", "id1/obj_3.some", "id1/sub/subobj_1.some", "id1/sub/subobj_2.some");
        }
        assertThat(bucket.list("id0")).isEmpty();
        assertThat(bucket.list("id")).as("a partial name is not a directory").isEmpty();
        assertThat(bucket.list("obj_5.some")).as("an object is not a directory").isEmpty();

        bucket.delete("id1/obj_2.some");
        assertThat(bucket.list("id1/")).containsExactly("id1/obj_1.some", "id1/obj_3.some", "id1/sub/");
        bucket.delete("id2/obj_4.some");
        assertThat(bucket.list("")).as("a directory whose last object is gone disappears").containsExactly("id1/", "obj_5.some");
    }

    @Test
    void deepNesting() throws IOException {
        put("a/b/c/d/e.txt", "e");
        put("a/b/x.txt", "x");
        assertThat(bucket.list("")).containsExactly("a/");
        assertThat(bucket.list("a")).containsExactly("a/b/");
        assertThat(bucket.list("a/b")).containsExactly("a/b/c/", "a/b/x.txt");
        assertThat(bucket.list("a/b/c/")).containsExactly("a/b/c/d/");
        assertThat(bucket.list("a/b/c/d")).containsExactly("a/b/c/d/e.txt");
        assertThat(bucket.list("a", IterOption.RECURSIVE)).containsExactly("a/b/c/d/e.txt", "a/b/x.txt");
        bucket.delete("a/b/c/d/e.txt");
        assertThat(bucket.list("a/b")).containsExactly("a/b/x.txt");
    }

    @Test
    void namesAreOrderedByTheirUtf8Bytes() throws IOException {
        // '-' < '/' < '0' in ASCII, so a directory sorts between its neighbours; U+FFFD precedes U+1F600
        // in UTF-8 although its UTF-16 code unit sorts after the surrogate pair.
        for (String name : List.of("a0", "a/b", "a-b", "u/\uD83D\uDE00", "u/\uFFFD", "u/z")) {
            put(name, name);
        }
        assertThat(bucket.list("")).containsExactly("a-b", "a/", "a0", "u/");
        assertThat(bucket.list("", IterOption.RECURSIVE)).containsExactly("a-b", "a/b", "a0", "u/z", "u/\uFFFD", "u/\uD83D\uDE00");
    }

    @Test
    void unicodeAndSpacesInNames() throws IOException {
        String name = "dir with space/ünïcødé 名前 🚀+%20&?#.txt";
        put(name, "unicode");
        assertThat(read(bucket.get(name))).isEqualTo("unicode");
        assertThat(read(bucket.getRange(name, 1, 3))).isEqualTo("nic");
        assertThat(bucket.exists(name)).isTrue();
        assertThat(bucket.attributes(name).size()).isEqualTo(7);
        assertThat(bucket.list("")).containsExactly("dir with space/");
        assertThat(bucket.list("dir with space")).containsExactly(name);
        bucket.delete(name);
        assertThat(bucket.exists(name)).isFalse();
        assertThat(bucket.list("", IterOption.RECURSIVE)).isEmpty();
    }

    @Test
    void overwriteReplacesContent() throws IOException {
        put("o", "first version, longer");
        put("o", "second");
        assertThat(read(bucket.get("o"))).isEqualTo("second");
        assertThat(bucket.attributes("o").size()).isEqualTo(6);
        assertThat(bucket.list("")).containsExactly("o");
        put("o", "second");
        assertThat(read(bucket.get("o"))).as("uploads are idempotent").isEqualTo("second");
    }

    @Test
    void deleteRemovesAndDeletingMissingIsNoError() throws IOException {
        put("d/x", "x");
        bucket.delete("d/x");
        assertThat(bucket.exists("d/x")).isFalse();
        assertThatThrownBy(() -> bucket.get("d/x")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(bucket.list("", IterOption.RECURSIVE)).isEmpty();
        bucket.delete("d/x");
        bucket.delete("never/existed");
        assertThat(bucket.list("")).isEmpty();
    }

    @Test
    void uploadOfUnknownLength() throws IOException {
        bucket.upload("u", new ByteArrayInputStream("streamed".getBytes(UTF_8)), Bucket.UNKNOWN_LENGTH);
        assertThat(read(bucket.get("u"))).isEqualTo("streamed");
        assertThat(bucket.attributes("u").size()).isEqualTo(8);
    }

    @Test
    void uploadShorterThanDeclaredFailsAndLeavesNothing() {
        assertThatThrownBy(() -> bucket.upload("short", new ByteArrayInputStream(new byte[5]), 10))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> bucket.get("short")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void uploadFailingMidStreamLeavesPreviousVersion() throws IOException {
        put("keep", "old");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(new byte[1 << 20])) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 100_000) {
                    throw new IOException("source broke");
                }
                int n = super.read(b, off, Math.min(len, 8192));
                read += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> bucket.upload("keep", failing, 1 << 20)).isInstanceOf(IOException.class);
        assertThat(read(bucket.get("keep"))).isEqualTo("old");
        assertThat(bucket.list("", IterOption.RECURSIVE)).containsExactly("keep");
    }

    @Test
    void visitorExceptionStopsIteration() throws IOException {
        putThanosLayout();
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> bucket.iter("", name -> {
            seen.add(name);
            throw new IOException("stop here");
        })).hasMessage("stop here");
        assertThat(seen).containsExactly("id1/");
    }

    @Test
    void largeObjectRoundTripsWithKnownAndUnknownLength() throws IOException {
        long size = largeObjectSize();
        byte[] data = new byte[Math.toIntExact(size)];
        new Random(42).nextBytes(data);
        bucket.upload("large/known", new ByteArrayInputStream(data), size);
        bucket.upload("large/unknown", new ByteArrayInputStream(data), Bucket.UNKNOWN_LENGTH);
        for (String name : List.of("large/known", "large/unknown")) {
            assertThat(bucket.attributes(name).size()).isEqualTo(size);
            try (InputStream in = bucket.get(name)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            int from = (5 << 20) - 100; // across the first part boundary of a 5 MiB part size
            try (InputStream in = bucket.getRange(name, from, 300)) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, from, from + 300));
            }
        }
        assertThat(bucket.list("large")).containsExactly("large/known", "large/unknown");
    }

    @Test
    void concurrentUploads() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            Set<String> versions = new HashSet<>();
            for (int i = 0; i < threads * 2; i++) {
                String distinct = "c/" + i;
                String version = ("version-" + i + "-").repeat(1000);
                versions.add(version);
                tasks.add(() -> {
                    put(distinct, distinct);
                    put("c/shared", version);
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
            assertThat(bucket.list("c")).hasSize(threads * 2 + 1);
            for (int i = 0; i < threads * 2; i++) {
                assertThat(read(bucket.get("c/" + i))).isEqualTo("c/" + i);
            }
            assertThat(versions).as("the shared object is one whole upload, never a mix").contains(read(bucket.get("c/shared")));
        } finally {
            pool.shutdownNow();
        }
    }
}
