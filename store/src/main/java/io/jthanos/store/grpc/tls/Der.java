package io.jthanos.store.grpc.tls;

import java.util.Arrays;

/** The little DER that reading SEC 1 EC keys and writing PKCS#8 wrappers needs. */
final class Der {
    private Der() {}

    /** {@code tag}, the DER length of {@code content}, then the content. */
    static byte[] tagged(int tag, byte[] content) {
        int n = content.length;
        byte[] len;
        if (n < 0x80) {
            len = new byte[] {(byte) n};
        } else if (n < 0x100) {
            len = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }

    /**
     * The named-curve OID (tag and length included) in the {@code [0] parameters} of a SEC 1 {@code ECPrivateKey}:
     * {@code SEQUENCE { INTEGER 1, OCTET STRING key, [0] OID curve, [1] BIT STRING public key }}.
     *
     * @throws IllegalArgumentException if the structure is not that, or names no curve
     */
    static byte[] ecCurve(byte[] der) {
        int[] at = {0};
        expect(der, at, 0x30);
        int end = length(der, at) + at[0];
        while (at[0] < end) {
            int tag = der[at[0]++] & 0xFF;
            int len = length(der, at);
            if (tag == 0xA0) {
                int start = at[0];
                if ((der[start] & 0xFF) != 0x06) {
                    throw new IllegalArgumentException("EC key parameters are not a named curve");
                }
                return Arrays.copyOfRange(der, start, start + len);
            }
            at[0] += len;
        }
        throw new IllegalArgumentException("EC key does not name its curve");
    }

    private static void expect(byte[] der, int[] at, int tag) {
        if (at[0] >= der.length || (der[at[0]] & 0xFF) != tag) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        at[0]++;
    }

    private static int length(byte[] der, int[] at) {
        if (at[0] >= der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int b = der[at[0]++] & 0xFF;
        if (b < 0x80) {
            return b;
        }
        int n = b & 0x7F;
        if (n > 3 || at[0] + n > der.length) {
            throw new IllegalArgumentException("bad DER length");
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (der[at[0]++] & 0xFF);
        }
        if (at[0] + len > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return len;
    }
}
