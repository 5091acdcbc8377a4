package io.jthanos.cmd.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.cmd.cli.Cli;
import io.jthanos.tsdb.block.BlockMeta;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thanos store} and {@code thanos tools bucket inspect|verify} through the real command line. */
class StoreCliTest {
    @TempDir Path tmp;

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private String objstore(Path dir) {
        return "--objstore.config=type: FILESYSTEM\nconfig:\n  directory: " + dir + "\n";
    }

    @Test
    void storeRejectsBadTimeAndSelectorFlagsNamingThem() {
        Result badTime = run("store", objstore(tmp), "--min-time=yesterday");
        assertThat(badTime.exitCode()).isNotZero();
        assertThat(badTime.err()).contains("--min-time").contains("yesterday");
        Result badSelector = run("store", objstore(tmp), "--selector.relabel-config=- action: hashmod\n  source_labels: [__block_id]\n  target_label: s\n");
        assertThat(badSelector.exitCode()).isNotZero();
        assertThat(badSelector.err()).contains("--selector.relabel-config rule 0").contains("modulus");
        Result badStrategy = run("store", objstore(tmp), "--block-discovery-strategy=psychic");
        assertThat(badStrategy.exitCode()).isNotZero();
        assertThat(badStrategy.err()).contains("--block-discovery-strategy");
    }

    @Test
    void inspectAndVerifyRunAgainstABucket() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bucket"));
        BlockMeta a = FsBlocks.write(dir, 4, 0, 7_200_000, Map.of("cluster", "eu"));
        BlockMeta b = FsBlocks.write(dir, 4, 3_600_000, 10_800_000, Map.of("cluster", "eu"));
        Result inspect = run("tools", "bucket", "inspect", objstore(dir), "-l", "cluster=\"eu\"", "--sort-by=FROM");
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out().lines()).hasSize(4);
        assertThat(inspect.out().lines().skip(2).findFirst().orElseThrow()).contains(a.ulid());
        Result none = run("tools", "bucket", "inspect", objstore(dir), "-l", "cluster=\"us\"");
        assertThat(none.out().lines()).hasSize(2);

        Result verify = run("tools", "bucket", "verify", objstore(dir));
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("overlapped_blocks: ").contains(a.ulid()).contains(b.ulid())
                .contains("verified 2 blocks: 1 issues found");
    }
}
