package io.jthanos.tsdb.fileutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileTreesTest {
    @TempDir
    Path dir;

    /** root/{a/{b/{c/f3, empty/}, f2}, f1} and a sibling that must survive. */
    private Path tree() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.createDirectories(root.resolve("a/b/empty"));
        Files.writeString(root.resolve("f1"), "1");
        Files.writeString(root.resolve("a/f2"), "2");
        Files.writeString(root.resolve("a/b/c/f3"), "3");
        Files.writeString(dir.resolve("sibling"), "s");
        return root;
    }

    private static void delete(Path root, boolean tolerant) throws IOException {
        if (tolerant) {
            FileTrees.removeAll(root);
        } else {
            FileTrees.delete(root);
        }
    }

    @ParameterizedTest(name = "tolerant={0}")
    @ValueSource(booleans = {false, true})
    void deletesNestedDirectoriesAndNothingBeside(boolean tolerant) throws IOException {
        Path root = tree();
        delete(root, tolerant);
        assertThat(root).doesNotExist();
        assertThat(dir.resolve("sibling")).hasContent("s");
    }

    @ParameterizedTest(name = "tolerant={0}")
    @ValueSource(booleans = {false, true})
    void missingPathIsNoOp(boolean tolerant) throws IOException {
        delete(dir.resolve("missing"), tolerant);
        delete(dir.resolve("missing/parent/too"), tolerant);
        assertThat(dir).isEmptyDirectory();
    }

    @ParameterizedTest(name = "tolerant={0}")
    @ValueSource(booleans = {false, true})
    void deletesAPlainFileRoot(boolean tolerant) throws IOException {
        Path f = Files.writeString(dir.resolve("file"), "x");
        delete(f, tolerant);
        assertThat(f).doesNotExist();
    }

    @ParameterizedTest(name = "tolerant={0}")
    @ValueSource(booleans = {false, true})
    void deletesSymbolicLinksWithoutFollowingThem(boolean tolerant) throws IOException {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("kept"), "k");
        Path root = tree();
        assumeLinks(root.resolve("a/link"), target);
        Path rootLink = Files.createSymbolicLink(dir.resolve("rootLink"), target);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));

        delete(root, tolerant);
        delete(rootLink, tolerant);
        delete(dangling, tolerant);

        assertThat(root).doesNotExist();
        assertThat(Files.exists(rootLink, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(dangling, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(target.resolve("kept")).hasContent("k");
    }

    private static void assumeLinks(Path link, Path target) throws IOException {
        boolean ok;
        try {
            Files.createSymbolicLink(link, target);
            ok = true;
        } catch (UnsupportedOperationException | IOException e) {
            System.out.println("FileTreesTest: skipping symbolic link test, cannot create links here: " + e);
            ok = false;
        }
        assumeTrue(ok, "symbolic links not supported");
    }

    @Test
    void strictFailsWhenEntriesVanish() throws IOException {
        Path root = tree();
        assertThatThrownBy(() -> FileTrees.delete(root, false, vanishAllOnFirstCall(root)))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void tolerantSkipsEntriesThatVanish() throws IOException {
        Path root = tree();
        FileTrees.delete(root, true, vanishAllOnFirstCall(root));
        assertThat(root).doesNotExist();
        assertThat(dir.resolve("sibling")).hasContent("s");
    }

    /** Before the first deletion, someone else deletes the whole tree. */
    private static FileTrees.BeforeDelete vanishAllOnFirstCall(Path root) {
        AtomicBoolean done = new AtomicBoolean();
        return p -> {
            if (done.compareAndSet(false, true)) {
                FileTrees.delete(root);
            }
        };
    }

    @ParameterizedTest(name = "tolerant={0}")
    @ValueSource(booleans = {false, true})
    void otherFailuresAreThrownByBoth(boolean tolerant) throws IOException {
        Path root = tree();
        Path c = root.resolve("a/b/c");
        FileTrees.BeforeDelete writerAddsAFile = p -> {
            if (p.equals(c)) {
                Files.writeString(c.resolve("late"), "l");
            }
        };
        assertThatThrownBy(() -> FileTrees.delete(root, tolerant, writerAddsAFile))
                .isInstanceOf(DirectoryNotEmptyException.class);
        assertThat(c.resolve("late")).exists();
    }
}
