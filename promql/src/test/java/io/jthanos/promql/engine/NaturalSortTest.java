package io.jthanos.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code sort_by_label}'s order, a port of facette/natsort. */
class NaturalSortTest {

    @Test
    void digitRunsCompareAsNumbers() {
        assertThat(NaturalSort.less("q2", "q10")).isTrue();
        assertThat(NaturalSort.less("q10", "q2")).isFalse();
        assertThat(NaturalSort.less("host-9:9090", "host-10:9090")).isTrue();
        // "." splits decimals into integers: 1 < 05, as Prometheus orders le="0.1" before le="0.05".
        assertThat(NaturalSort.less("0.1", "0.05")).isTrue();
    }

    @Test
    void textRunsCompareBytewise() {
        assertThat(NaturalSort.less("B", "a")).isTrue();
        assertThat(NaturalSort.less("abc", "abd")).isTrue();
        assertThat(NaturalSort.less("Zürich", "Zz")).isFalse();
    }

    @Test
    void keepsNatsortQuirks() {
        // A shared prefix ending either string decides for the first; the empty string precedes nothing.
        assertThat(NaturalSort.less("a", "ab")).isTrue();
        assertThat(NaturalSort.less("ab", "a")).isFalse();
        assertThat(NaturalSort.less("1", "01")).isTrue();
        assertThat(NaturalSort.less("01", "1")).isTrue();
        assertThat(NaturalSort.less("", "x")).isFalse();
        assertThat(NaturalSort.less("99999999999999999999", "100000000000000000000")).isFalse();
    }
}
