package io.jthanos.objstore.memory;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.testing.BucketAcceptanceTest;

class InMemoryBucketAcceptanceTest extends BucketAcceptanceTest {
    @Override
    protected Bucket newBucket() {
        return new InMemoryBucket();
    }
}
