package io.jthanos.store.cache;

import java.nio.charset.StandardCharsets;

/** The keys memcached's text protocol can carry, as gomemcache's {@code legalKey} decides. */
final class MemcachedKeys {
    static final int MAX_LENGTH = 250;

    private MemcachedKeys() {}

    /** At most 250 bytes of UTF-8, none of them a space, a control character or DEL. */
    static boolean valid(String key) {
        if (key.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return key.getBytes(StandardCharsets.UTF_8).length <= MAX_LENGTH;
    }
}
