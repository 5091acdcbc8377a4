package io.jthanos.ruler.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A runnable copy of the oracle Alertmanager. Debian's build reads its templates from the absolute
 * {@code /usr/share/prometheus/alertmanager/} (not in the oracle cache, and the system must not be
 * changed), so the copy has that path rewritten in place to the same-length relative
 * {@code ./…/am}; the process then runs in a directory holding {@code am/default.tmpl} and
 * {@code am/email.tmpl} (empty: a blackhole receiver never renders them).
 */
public final class AlertmanagerBinary {
    private static final byte[] DEBIAN_DIR = "/usr/share/prometheus/alertmanager".getBytes(StandardCharsets.US_ASCII);

    private AlertmanagerBinary() {}

    /** Prepares {@code workDir} and returns the binary to run with it as working directory. */
    public static Path prepare(Path oracle, Path workDir) throws IOException {
        byte[] b = Files.readAllBytes(oracle);
        byte[] replacement = new byte[DEBIAN_DIR.length];
        Arrays.fill(replacement, (byte) '/');
        replacement[0] = '.';
        replacement[replacement.length - 2] = 'a';
        replacement[replacement.length - 1] = 'm';
        for (int i = indexOf(b, DEBIAN_DIR, 0); i >= 0; i = indexOf(b, DEBIAN_DIR, i + 1)) {
            System.arraycopy(replacement, 0, b, i, replacement.length);
        }
        Path copy = workDir.resolve("alertmanager");
        Files.write(copy, b);
        if (!copy.toFile().setExecutable(true)) {
            throw new IOException("chmod +x " + copy);
        }
        Path templates = Files.createDirectories(workDir.resolve("am"));
        Files.writeString(templates.resolve("default.tmpl"), "");
        Files.writeString(templates.resolve("email.tmpl"), "");
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
