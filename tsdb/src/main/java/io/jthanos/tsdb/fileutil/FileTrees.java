package io.jthanos.tsdb.fileutil;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes directory trees, children before their directory. Both methods do nothing when the root does
 * not exist, and never follow symbolic links: a link (the root included) is deleted as a link, so what
 * it points to stays. They differ only in what an entry that vanishes during the deletion means:
 * <ul>
 *   <li>{@link #delete} is strict: it fails with {@link NoSuchFileException}. For trees this process
 *       alone owns (a TSDB's blocks and WAL under its directory lock, the shipper's staging directory),
 *       where a vanishing entry means something else is writing there.</li>
 *   <li>{@link #removeAll} is tolerant, like Go's {@code os.RemoveAll}: it skips such entries. For
 *       scratch trees (unfinished block writes, the compactor's downloads and work directories) that a
 *       cleaner or an interrupted write may have removed in part.</li>
 * </ul>
 * Any other failure (permissions, an entry created meanwhile so that a directory is not empty) is thrown
 * by both, leaving the rest of the tree in place.
 */
public final class FileTrees {
    private FileTrees() {}

    /** Deletes {@code root} and all below it; strict about entries that vanish meanwhile (see the class doc). */
    public static void delete(Path root) throws IOException {
        delete(root, false, p -> { });
    }

    /** Deletes {@code root} and all below it, skipping entries that vanish meanwhile (see the class doc). */
    public static void removeAll(Path root) throws IOException {
        delete(root, true, p -> { });
    }

    /** Called with each path just before it is deleted; lets tests make entries vanish. */
    @FunctionalInterface
    interface BeforeDelete {
        void accept(Path p) throws IOException;
    }

    static void delete(Path root, boolean tolerant, BeforeDelete beforeDelete) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                remove(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                check(e);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    check(e);
                }
                remove(dir);
                return FileVisitResult.CONTINUE;
            }

            private void remove(Path p) throws IOException {
                beforeDelete.accept(p);
                try {
                    Files.delete(p);
                } catch (NoSuchFileException e) {
                    check(e);
                }
            }

            private void check(IOException e) throws IOException {
                if (!(tolerant && e instanceof NoSuchFileException)) {
                    throw e;
                }
            }
        });
    }
}
