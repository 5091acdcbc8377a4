package io.jthanos.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void sortsDropsEmptyValuesAndLooksUp() {
        Labels l = Labels.of("job", "api", "__name__", "up", "empty", "", "instance", "a:1");
        assertThat(l.size()).isEqualTo(3);
        assertThat(l.names()).containsExactly("__name__", "instance", "job");
        assertThat(l.get("job")).isEqualTo("api");
        assertThat(l.get("empty")).isNull();
        assertThat(l.metricName()).isEqualTo("up");
        assertThat(l.toString()).isEqualTo("{__name__=\"up\", instance=\"a:1\", job=\"api\"}");
    }

    @Test
    void rejectsDuplicateNamesAndOddArguments() {
        assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessageContaining("duplicate label name a");
        assertThatThrownBy(() -> Labels.of("a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityHashAndCompare() {
        Labels a = Labels.of("a", "1", "b", "2");
        Labels b = new LabelsBuilder().set("b", "2").set("a", "1").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.compareTo(b)).isZero();
        assertThat(Labels.of("a", "1").compareTo(a)).isNegative(); // prefix sorts first
        assertThat(Labels.of("a", "2").compareTo(a)).isPositive();
        assertThat(Labels.of("b", "0").compareTo(a)).isPositive();
    }

    @Test
    void builderSetDeleteAndWithout() {
        Labels l = Labels.of("a", "1", "b", "2", "c", "3");
        assertThat(l.toBuilder().delete("b").set("d", "4").set("a", "").build()).isEqualTo(Labels.of("c", "3", "d", "4"));
        assertThat(l.without(Set.of("a", "c"))).isEqualTo(Labels.of("b", "2"));
        assertThat(l.keepOnly(Set.of("a", "zz"))).isEqualTo(Labels.of("a", "1"));
    }

    @Test
    void stringOrderIsUtf8ByteOrder() {
        Random rnd = new Random(42);
        int[] interesting = {'a', 'z', 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(4);
            for (int j = 0; j < n; j++) {
                sb.appendCodePoint(interesting[rnd.nextInt(interesting.length)]);
            }
            strings.add(sb.toString());
        }
        for (int i = 0; i + 1 < strings.size(); i++) {
            String x = strings.get(i), y = strings.get(i + 1);
            int expected = Integer.signum(Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
            assertThat(Integer.signum(Labels.compareStrings(x, y))).as("%s vs %s", x, y).isEqualTo(expected);
        }
    }

    @Test
    void quotesLikeGo() {
        assertThat(Labels.of("a", "x\"y\\z\n\u0001").toString()).isEqualTo("{a=\"x\\\"y\\\\z\\n\\x01\"}");
        assertThat(Labels.of("a.b", "ü").toString()).isEqualTo("{\"a.b\"=\"ü\"}");
    }
}
