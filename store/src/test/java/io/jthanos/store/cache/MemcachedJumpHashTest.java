package io.jthanos.store.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.XxHash64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemcachedJumpHashTest {

    /** The reference values of dgryski/go-jump's test, generated from the paper's C++ code. */
    @Test
    void jumpHashMatchesTheReference() {
        long[] keys = {0, 1, 0xdeadbeefL, 0x0ddc0ffeebadf00dL};
        int[][] buckets = {
            {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
            {0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 17, 17},
            {0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 16, 16},
            {0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 15, 15, 15, 15},
        };
        for (int k = 0; k < keys.length; k++) {
            for (int i = 0; i < buckets[k].length; i++) {
                assertThat(JumpHashSelector.jumpHash(keys[k], i + 1)).as("key %x, %d buckets", keys[k], i + 1)
                        .isEqualTo(buckets[k][i]);
            }
        }
    }

    @Test
    void keysAreHashedWithGoXxhashSum64() {
        // xxhash.Sum64 of the empty input, seed 0
        assertThat(XxHash64.hash(new byte[0])).isEqualTo(0xef46db3751d8e999L);
    }

    @Test
    void serversAreInNaturalOrder() {
        List<String> servers = List.of(
                "memcached-10.memcached.thanos.svc.cluster.local.",
                "memcached-1.memcached.thanos.svc.cluster.local.",
                "memcached-6.memcached.thanos.svc.cluster.local.",
                "memcached-3.memcached.thanos.svc.cluster.local.",
                "memcached-25.memcached.thanos.svc.cluster.local.");
        assertThat(new JumpHashSelector(servers).servers()).containsExactly(
                "memcached-1.memcached.thanos.svc.cluster.local.",
                "memcached-3.memcached.thanos.svc.cluster.local.",
                "memcached-6.memcached.thanos.svc.cluster.local.",
                "memcached-10.memcached.thanos.svc.cluster.local.",
                "memcached-25.memcached.thanos.svc.cluster.local.");
        assertThat(new JumpHashSelector(List.of("127.0.0.2:11211", "127.0.0.3:11211", "127.0.0.1:11211")).servers())
                .containsExactly("127.0.0.1:11211", "127.0.0.2:11211", "127.0.0.3:11211");
        assertThat(new JumpHashSelector(List.of("10.0.0.10:11211", "10.0.0.9:11211", "10.0.0.09:11212")).servers())
                .containsExactly("10.0.0.9:11211", "10.0.0.09:11212", "10.0.0.10:11211");
    }

    @Test
    void naturalOrderFollowsNatsortOnItsEdges() {
        NaturalOrder order = NaturalOrder.INSTANCE;
        assertThat(order.compare("a", "a")).isZero();
        assertThat(order.compare("a", "ab")).isNegative();
        assertThat(order.compare("a2", "a10")).isNegative();
        assertThat(order.compare("a007", "a7")).isZero();
        assertThat(order.compare("a007", "a8")).isNegative();
        assertThat(order.compare("x1y", "x1z")).isNegative();
        assertThat(order.compare("B", "a")).isNegative();
    }

    @Test
    void keysSpreadEvenlyOverServers() {
        List<String> servers = List.of("127.0.0.1:11211", "127.0.0.2:11211", "127.0.0.3:11211");
        JumpHashSelector selector = new JumpHashSelector(servers);
        Map<String, Integer> distribution = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            distribution.merge(selector.pick("key-" + i), 1, Integer::sum);
        }
        assertThat(distribution).hasSize(3);
        assertThat(distribution.values()).allSatisfy(n -> assertThat(n).isGreaterThan(250));
    }

    @Test
    void addingAServerMovesAboutOneNthOfTheKeys() {
        List<String> servers = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            servers.add("127.0.0." + i + ":11211");
        }
        JumpHashSelector before = new JumpHashSelector(servers);
        servers.add("127.0.0.10:11211");
        JumpHashSelector after = new JumpHashSelector(servers);
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            String key = "key-" + i;
            if (!before.pick(key).equals(after.pick(key))) {
                moved++;
                assertThat(after.pick(key)).isEqualTo("127.0.0.10:11211");
            }
        }
        assertThat(moved).isGreaterThan(0).isLessThanOrEqualTo((int) (1000 * (1.0 / 10 + 0.02)));
    }

    @Test
    void oneServerTakesEverything() {
        assertThat(new JumpHashSelector(List.of("only:1")).pick("anything")).isEqualTo("only:1");
    }
}
