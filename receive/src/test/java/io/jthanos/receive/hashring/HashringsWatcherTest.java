package io.jthanos.receive.hashring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashringsWatcherTest {
    @TempDir Path dir;

    @Test
    void publishesChangesAndKeepsTheLastGoodConfigurationOnErrors() throws Exception {
        Path file = dir.resolve("hashrings.json");
        Files.writeString(file, "[{\"endpoints\":[\"a:1\"]}]");
        List<Hashrings> published = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        HashringsWatcher w = new HashringsWatcher(file, Duration.ofMinutes(5), Duration.ofSeconds(1),
                HashringAlgorithm.HASHMOD, 1, new HashringsWatcher.Listener() {
                    @Override
                    public void onHashrings(Hashrings hashrings, String content) {
                        published.add(hashrings);
                    }

                    @Override
                    public void onError(Exception e) {
                        errors.incrementAndGet();
                    }
                });
        assertThat(w.refresh(false)).isTrue();
        assertThat(w.refresh(false)).isFalse(); // unchanged
        assertThat(w.refresh(true)).isFalse(); // forced re-read, same content: nothing new

        Files.writeString(file, "[{\"endpoints\":[\"b:1\",\"c:1\"]}]");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        assertThat(w.refresh(false)).isTrue();
        assertThat(published.getLast().nodes()).extracting(Endpoint::address).containsExactly("b:1", "c:1");

        Files.writeString(file, "[{\"endpoints\":");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 20_000));
        assertThat(w.refresh(false)).isFalse();
        assertThat(errors).hasValue(1);
        assertThat(published).hasSize(2);
    }
}
