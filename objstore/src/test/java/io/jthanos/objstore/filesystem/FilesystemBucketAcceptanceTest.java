package io.jthanos.objstore.filesystem;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.testing.BucketAcceptanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBucketAcceptanceTest extends BucketAcceptanceTest {
    @TempDir
    Path dir;

    @Override
    protected Bucket newBucket() throws Exception {
        return new FilesystemBucket(dir.resolve("bucket"));
    }
}
