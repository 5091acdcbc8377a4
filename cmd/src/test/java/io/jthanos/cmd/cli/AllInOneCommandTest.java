package io.jthanos.cmd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AllInOneCommandTest {
    @TempDir
    Path dir;

    @Test
    void derivesEachPartFromItsOwnSubcommand() throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yml"), "groups: []\n");
        AllInOneCommand command = new AllInOneCommand();
        new CommandLine(command).parseArgs("--data-dir=" + dir.resolve("data"), "--label=site=\"a\"",
                "--query.replica-label=replica", "--rule-file=" + rules, "--http-address=0.0.0.0:10902");
        command.validate();
        assertThat(command.receiveSettings().tsdbPath()).isEqualTo(dir.resolve("data/receive"));
        assertThat(command.receiveSettings().externalLabels()).containsEntry("site", "a");
        assertThat(command.receiveSettings().objstoreConfig()).contains("type: FILESYSTEM")
                .contains(dir.resolve("data/bucket").toString());
        assertThat(command.receiveSettings().blockDuration()).hasHours(2);
    }

    @Test
    void rejectsWhatAPartRejects() {
        assertThatThrownBy(() -> Cli.dryRun("all-in-one", "--objstore.config-file=" + dir.resolve("missing.yml")))
                .isInstanceOf(UserError.class).hasMessageContaining("missing.yml");
        assertThatThrownBy(() -> Cli.dryRun("all-in-one", "--label=novalue")).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> Cli.dryRun("all-in-one", "--http.config=web.yml")).isInstanceOf(UserError.class)
                .hasMessageContaining("--http.config is not supported yet by jthanos all-in-one");
        assertThatCode(() -> Cli.dryRun("all-in-one", "--data-dir=" + dir)).doesNotThrowAnyException();
    }
}
