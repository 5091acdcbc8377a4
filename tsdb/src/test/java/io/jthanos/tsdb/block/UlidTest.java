package io.jthanos.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class UlidTest {
    @Test
    void isMonotonicWithinAMillisecondAndSortsAsText() {
        List<Ulid> ids = new ArrayList<>();
        long base = System.currentTimeMillis() + 3_600_000; // ahead of every id made so far in this JVM
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ulid.generate(base + i / 1000));
        }
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
            assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        // the clock is now "behind" the ids above, as after a clock step back: still increasing ids
        Ulid later = Ulid.generate();
        assertThat(later).isGreaterThan(ids.get(ids.size() - 1));
    }

    @Test
    void parsesAndPrintsCrockfordBase32() {
        Ulid u = Ulid.parse("01M7Y920VYGB7TBX35N4NN1HMW");
        assertThat(u.toString()).isEqualTo("01M7Y920VYGB7TBX35N4NN1HMW");
        assertThat(Ulid.parse("01m7y920vygb7tbx35n4nn1hmw")).isEqualTo(u);
        assertThat(Ulid.parse("00000000000000000000000000").timestamp()).isZero();
        assertThat(Ulid.parse("7ZZZZZZZZZZZZZZZZZZZZZZZZZ").toString()).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        Ulid g = Ulid.generate(1_700_000_000_123L);
        assertThat(g.timestamp()).isEqualTo(1_700_000_000_123L); // kept even after later ids in this JVM
        assertThat(g.toString()).hasSize(26);
        assertThat(Ulid.parse(g.toString())).isEqualTo(g);
        assertThatThrownBy(() -> Ulid.parse("8ZZZZZZZZZZZZZZZZZZZZZZZZZ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ulid.parse("0000000000000000000000000U")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Ulid.isValid("short")).isFalse();
    }
}
