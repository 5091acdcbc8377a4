package io.jthanos.receive.hashring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XxHash64Test {
    private static long h(String s) {
        return XxHash64.hash(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void publishedStringVectors() {
        // cespare/xxhash and the xxHash reference: seed 0.
        assertThat(h("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(h("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(h("as")).isEqualTo(0x1C330FB2D66BE179L);
        assertThat(h("asd")).isEqualTo(0x631C37CE72A97393L);
        assertThat(h("asdf")).isEqualTo(0x415872F599CEA71EL);
        assertThat(h("abc")).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(h("Call me Ishmael.")).isEqualTo(0x6D04390FC9D61A90L);
        // 39 bytes: one 32-byte stripe, then the 8/4/1-byte tails.
        assertThat(h("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
        assertThat(h("Some years ago--never mind how long precisely-")).isEqualTo(0x8F26F2B986AFDC52L);
    }

    @Test
    void xxhsumSanityBufferVectorsWithSeeds() {
        // xxhsum's sanity check: buffer bytes from a squaring generator, with seed 0 and seed PRIME32_1.
        long prime = 2654435761L;
        byte[] buf = new byte[101];
        int gen = (int) prime;
        for (int i = 0; i < buf.length; i++) {
            buf[i] = (byte) (gen >>> 24);
            gen *= gen;
        }
        assertThat(XxHash64.hash(buf, 0, 0, prime)).isEqualTo(0xAC75FDA2929B17EFL);
        assertThat(XxHash64.hash(buf, 0, 1, 0)).isEqualTo(0x4FCE394CC88952D8L);
        assertThat(XxHash64.hash(buf, 0, 1, prime)).isEqualTo(0x739840CB819FA723L);
        assertThat(XxHash64.hash(buf, 0, 14, 0)).isEqualTo(0xCFFA8DB881BC3A3DL);
        assertThat(XxHash64.hash(buf, 0, 14, prime)).isEqualTo(0x5B9611585EFCC9CBL);
        assertThat(XxHash64.hash(buf, 0, 101, 0)).isEqualTo(0x0EAB543384F878ADL);
        assertThat(XxHash64.hash(buf, 0, 101, prime)).isEqualTo(0xCAA65939306F1E21L);
    }

    @Test
    void offsetRangeHashesOnlyTheRange() {
        byte[] padded = "xxabcyy".getBytes(StandardCharsets.UTF_8);
        assertThat(XxHash64.hash(padded, 2, 3, 0)).isEqualTo(0x44BC2CF5AD770999L);
    }
}
