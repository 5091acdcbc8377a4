package io.jthanos.objstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.objstore.testing.BucketAcceptanceTest;
import org.junit.jupiter.api.Test;

class PrefixedBucketAcceptanceTest extends BucketAcceptanceTest {
    private InMemoryBucket underlying;

    @Override
    protected Bucket newBucket() {
        underlying = new InMemoryBucket();
        return PrefixedBucket.wrap(underlying, "/tenant/a/");
    }

    @Test
    void objectsLiveUnderThePrefix() throws Exception {
        put("x/y", "z");
        assertThat(underlying.objects()).containsOnlyKeys("tenant/a/x/y");
        assertThat(bucket.list("")).containsExactly("x/");
    }

    @Test
    void slashOnlyPrefixIsNoPrefix() {
        assertThat(PrefixedBucket.wrap(underlying, "//")).isSameAs(underlying);
    }
}
