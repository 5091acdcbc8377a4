package io.jthanos.objstore.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.objstore.IterOption;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBucketTest {
    @TempDir
    Path root;

    @Test
    void objectsArePlainFilesAsInThanos() throws IOException {
        FilesystemBucket bucket = new FilesystemBucket(root);
        bucket.upload("01H/chunks/000001", new byte[] {7});
        assertThat(Files.readAllBytes(root.resolve("01H/chunks/000001"))).containsExactly(7);
        Files.createDirectories(root.resolve("02H"));
        Files.write(root.resolve("02H/meta.json"), new byte[] {1});
        Files.createDirectories(root.resolve("empty-dir"));
        assertThat(bucket.list("")).as("files written by others are objects; empty dirs are not").containsExactly("01H/", "02H/");
    }

    @Test
    void uploadInProgressIsInvisible() throws Exception {
        FilesystemBucket bucket = new FilesystemBucket(root);
        CountDownLatch halfWritten = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        InputStream slow = new FilterInputStream(new ByteArrayInputStream(new byte[200_000])) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= 100_000 && halfWritten.getCount() > 0) {
                    halfWritten.countDown();
                    try {
                        proceed.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                int n = super.read(b, off, Math.min(len, 10_000));
                read += Math.max(0, n);
                return n;
            }
        };
        CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
            try {
                bucket.upload("blk/index", slow, 200_000);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(halfWritten.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bucket.list("", IterOption.RECURSIVE)).isEmpty();
        assertThat(bucket.list("")).isEmpty();
        assertThat(bucket.exists("blk/index")).isFalse();
        try (Stream<Path> tmp = Files.list(root.resolve(FilesystemBucket.TMP_DIR))) {
            assertThat(tmp).as("the partial data is in the hidden upload directory").hasSize(1);
        }
        proceed.countDown();
        upload.get(10, TimeUnit.SECONDS);
        assertThat(bucket.attributes("blk/index").size()).isEqualTo(200_000);
        assertThat(bucket.list("")).containsExactly("blk/");
    }

    @Test
    void failedUploadLeavesNoTemporaryFile() throws IOException {
        FilesystemBucket bucket = new FilesystemBucket(root);
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("broken source");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("broken source");
            }
        };
        assertThatThrownBy(() -> bucket.upload("x", failing, 10))
                .hasMessageContaining("upload bucket=fs: " + root + " key=x")
                .hasMessageContaining("broken source");
        try (Stream<Path> tmp = Files.list(root.resolve(FilesystemBucket.TMP_DIR))) {
            assertThat(tmp).isEmpty();
        }
        assertThat(bucket.exists("x")).isFalse();
    }

    @Test
    void namesCannotEscapeTheBucket() throws IOException {
        FilesystemBucket bucket = new FilesystemBucket(root.resolve("b"));
        for (String name : new String[] {"../x", "a/../../x", "/..", FilesystemBucket.TMP_DIR + "/x", "a\0b"}) {
            assertThatThrownBy(() -> bucket.upload(name, new byte[1])).as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.exists(root.resolve("x"))).isFalse();
    }

    @Test
    void deleteRemovesEmptyParentsButNotTheRoot() throws IOException {
        FilesystemBucket bucket = new FilesystemBucket(root);
        bucket.upload("a/b/c", new byte[1]);
        bucket.upload("a/d", new byte[1]);
        bucket.delete("a/b/c");
        assertThat(Files.exists(root.resolve("a/b"))).isFalse();
        assertThat(Files.exists(root.resolve("a/d"))).isTrue();
        bucket.delete("a/d");
        assertThat(Files.exists(root.resolve("a"))).isFalse();
        assertThat(Files.isDirectory(root)).isTrue();
        bucket.upload("dir/x", new byte[1]);
        bucket.delete("dir");
        assertThat(bucket.exists("dir/x")).as("deleting a directory name is a no-op").isTrue();
    }
}
