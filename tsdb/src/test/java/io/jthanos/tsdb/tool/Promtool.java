package io.jthanos.tsdb.tool;

import io.jthanos.testing.Oracles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the promtool oracle and returns its standard output. */
final class Promtool {
    private Promtool() {}

    static String run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Oracles.promtool().toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "promtool", ".out");
        Path err = Files.createTempFile(workDir, "promtool", ".err");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool timed out: " + cmd);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("promtool " + args[0] + " " + (args.length > 1 ? args[1] : "") + " exited " + p.exitValue() + ": "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        Files.delete(out);
        Files.delete(err);
        return stdout;
    }
}
