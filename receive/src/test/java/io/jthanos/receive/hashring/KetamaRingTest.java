package io.jthanos.receive.hashring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KetamaRingTest {
    private static List<Endpoint> eps(String... addresses) {
        return java.util.Arrays.stream(addresses).map(Endpoint::of).toList();
    }

    private static long hash(String tenant, String... labels) {
        SeriesHash h = new SeriesHash().begin(tenant);
        for (int i = 0; i < labels.length; i += 2) {
            h.label(labels[i], labels[i + 1]);
        }
        return h.finish();
    }

    /**
     * Expectations copied from Thanos's own {@code TestKetamaHashringGet} (pkg/receive/hashring_test.go):
     * 10 sections per node, tenant "tenant", replication factor n+1. Thanos computed them, not us.
     */
    @Test
    void matchesThanosKetamaTestVectors() throws Exception {
        long nginx = hash("tenant", "pod", "nginx");
        assertThat(new KetamaRing(eps("node-1", "node-2", "node-3"), 10, 1).endpoint(nginx, 0).address()).isEqualTo("node-2");
        assertThat(new KetamaRing(eps("node-1", "node-2", "node-3"), 10, 2).endpoint(nginx, 1).address()).isEqualTo("node-1");
        assertThat(new KetamaRing(eps("node-1", "node-2", "node-3"), 10, 3).endpoint(nginx, 2).address()).isEqualTo("node-3");
        assertThat(new KetamaRing(eps("node-1", "node-3", "node-2"), 10, 3).endpoint(nginx, 2).address()).isEqualTo("node-3");
        assertThat(new KetamaRing(eps("node-0", "node-1", "node-2", "node-3"), 10, 1).endpoint(nginx, 0).address())
                .isEqualTo("node-2");
        assertThat(new KetamaRing(eps("node-1", "node-2", "node-3", "node-4"), 10, 1).endpoint(nginx, 0).address())
                .isEqualTo("node-2");
        long thanos = hash("tenant", "pod", "thanos");
        assertThat(new KetamaRing(eps("node-1", "node-2", "node-3"), 10, 1).endpoint(thanos, 0).address()).isEqualTo("node-3");
    }

    @Test
    void sectionsAreSortedAndEachHasDistinctReplicas() {
        KetamaRing ring = new KetamaRing(eps("a", "b", "c", "d"), 3);
        long[] sections = ring.sectionHashes();
        assertThat(sections).hasSize(4 * KetamaRing.SECTIONS_PER_NODE);
        for (int i = 1; i < sections.length; i++) {
            assertThat(Long.compareUnsigned(sections[i - 1], sections[i])).isLessThanOrEqualTo(0);
        }
        for (int s = 0; s < sections.length; s++) {
            Set<Integer> owners = new HashSet<>();
            for (int n = 0; n < 3; n++) {
                owners.add(ring.replicaOf(s, n));
            }
            assertThat(owners).hasSize(3);
        }
    }

    @Test
    void refusesFewerEndpointsThanReplicationFactor() {
        assertThatThrownBy(() -> new KetamaRing(eps("node-1"), 1, 2))
                .hasMessage("ketama: amount of endpoints needs to be larger than replication factor");
    }

    @Test
    void addingNodesOnlyMovesSeriesToTheNewNodes() throws Exception {
        KetamaRing before = new KetamaRing(eps("node-1", "node-2", "node-3"), 1);
        KetamaRing after = new KetamaRing(eps("node-1", "node-2", "node-3", "node-4", "node-5"), 1);
        int moved = 0;
        for (int i = 0; i < 5000; i++) {
            long h = hash("t", "__name__", "up", "instance", "host-" + i);
            String a = before.endpoint(h, 0).address();
            String b = after.endpoint(h, 0).address();
            if (!a.equals(b)) {
                assertThat(b).isIn("node-4", "node-5");
                moved++;
            }
        }
        assertThat(moved).isBetween(1500, 2500); // about 2/5 of the series
    }

    @Test
    void spreadsReplicasEvenlyOverZones() throws Exception {
        List<Endpoint> nodes = List.of(new Endpoint("a", "1"), new Endpoint("b", "2"), new Endpoint("c", "3"),
                new Endpoint("d", "1"), new Endpoint("e", "2"), new Endpoint("f", "3"));
        KetamaRing ring = new KetamaRing(nodes, 3);
        Map<String, Integer> load = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            long h = hash("default-tenant", "foo", Integer.toString(i));
            Set<String> zones = new HashSet<>();
            for (int n = 0; n < 3; n++) {
                Endpoint e = ring.endpoint(h, n);
                zones.add(e.az());
                load.merge(e.address(), 1, Integer::sum);
            }
            assertThat(zones).containsExactlyInAnyOrder("1", "2", "3");
        }
        for (int v : load.values()) {
            assertThat(Math.abs(v - 5000) / 5000.0).isLessThan(0.1);
        }
    }
}
