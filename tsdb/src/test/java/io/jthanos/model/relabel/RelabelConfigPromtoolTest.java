package io.jthanos.model.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.testing.Oracles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our relabel-config validation against Prometheus's: each rule goes into a scrape config's
 * {@code metric_relabel_configs} for {@code promtool check config}, and we must accept what it accepts and refuse
 * the rest with its message.
 */
class RelabelConfigPromtoolTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        "{source_labels: [a], target_label: b}",
        "{action: HashMod, source_labels: [a], target_label: b}",
        "{action: hashmod, source_labels: [a], target_label: b, modulus: 3}",
        "{action: hashmod, source_labels: [a], modulus: 3}",
        "{action: replace, source_labels: [a]}",
        "{action: replace, source_labels: [a], target_label: '${1}_x', regex: '(.*)'}",
        "{action: lowercase, source_labels: [a], target_label: b, replacement: z}",
        "{action: uppercase, source_labels: [a], target_label: b, replacement: $1}",
        "{action: uppercase, source_labels: [a]}",
        "{action: keepequal, source_labels: [a], target_label: b}",
        "{action: keepequal, source_labels: [a], target_label: b, regex: '(.*)'}",
        "{action: dropequal, source_labels: [a], target_label: b, separator: ','}",
        "{action: dropequal, source_labels: [a], target_label: b, modulus: 2}",
        "{action: labeldrop, regex: foo}",
        "{action: labeldrop, regex: foo, source_labels: [a]}",
        "{action: labelkeep, regex: foo, target_label: x}",
        "{action: labelkeep, regex: foo, separator: ';'}",
        "{action: labelmap, regex: 'foo_(.+)', replacement: ''}",
        "{action: labelmap, regex: 'foo_(.+)'}",
        "{action: keep, source_labels: [a], regex: 'x|y'}",
        "{action: explode, source_labels: [a]}",
        "{action: drop, source_labels: [a], regex: '(unclosed'}"})
    void rulesAreAcceptedAndRefusedAsByPromtool(String rule) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "scrape_configs:\n  - job_name: x\n    static_configs: [{targets: ['a:1']}]\n"
                + "    metric_relabel_configs:\n      - " + rule + "\n");
        String theirs = promtool(config);
        String ours = null;
        try {
            RelabelConfig.parseList("- " + rule + "\n", "relabel config");
        } catch (IllegalArgumentException e) {
            ours = e.getMessage().substring("relabel config rule 0: ".length());
        }
        if (theirs == null || ours == null) {
            assertThat(ours).as("our error; promtool accepts it").isEqualTo(theirs);
        } else if (rule.contains("(unclosed")) {
            // our message names the regex and RE2/J's problem; Prometheus gives Go's regexp error alone
            assertThat(theirs).startsWith("error parsing regexp: missing closing )");
            assertThat(ours).startsWith("invalid relabel regex \"(unclosed\"");
        } else {
            assertThat(ours).isEqualTo(theirs);
        }
    }

    /** promtool's error for the file, without its {@code parsing YAML file …: } prefix; null when it passes. */
    private static String promtool(Path config) throws Exception {
        Process p = new ProcessBuilder(Oracles.promtool().toString(), "check", "config", "--syntax-only", config.toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() == 0) {
                return null;
            }
            String marker = "parsing YAML file " + config + ": ";
            int at = out.indexOf(marker);
            assertThat(at).as(out).isNotNegative();
            return out.substring(at + marker.length()).lines().findFirst().orElseThrow().strip();
        } finally {
            p.destroyForcibly();
        }
    }
}
