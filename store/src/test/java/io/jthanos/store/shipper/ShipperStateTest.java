package io.jthanos.store.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperStateTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatThanosWrites() throws Exception {
        // as Go's json.Encoder with SetIndent("", "\t") writes it; an empty list is null in Go
        Files.writeString(dir.resolve("thanos.shipper.json"),
                "{\n\t\"version\": 1,\n\t\"uploaded\": [\n\t\t\"01JC0000000000000000000000\"\n\t]\n}\n");
        assertThat(ShipperState.read(dir).uploaded()).containsExactly("01JC0000000000000000000000");
        Files.writeString(dir.resolve("thanos.shipper.json"), "{\"version\":1,\"uploaded\":null}");
        assertThat(ShipperState.read(dir).uploaded()).isEmpty();
    }

    @Test
    void missingFileIsEmptyAndWriteRoundTrips() throws Exception {
        assertThat(ShipperState.read(dir).uploaded()).isEmpty();
        new ShipperState(List.of()).write(dir);
        // Go encodes Thanos's nil slice as null
        assertThat(Files.readString(dir.resolve("thanos.shipper.json"))).isEqualTo("{\n\t\"version\": 1,\n\t\"uploaded\": null\n}\n");
        assertThat(ShipperState.read(dir).uploaded()).isEmpty();
        new ShipperState(List.of("01JC0000000000000000000001", "01JC0000000000000000000000")).write(dir);
        assertThat(ShipperState.read(dir).uploaded()).containsExactly("01JC0000000000000000000001", "01JC0000000000000000000000");
        assertThat(dir.resolve("thanos.shipper.json.tmp")).doesNotExist();
        assertThat(ShipperState.read(dir.resolve("missing"))).isEqualTo(new ShipperState(List.of()));
    }

    @Test
    void rejectsOtherVersionsAndBadIds() throws Exception {
        Files.writeString(dir.resolve("thanos.shipper.json"), "{\"version\":2,\"uploaded\":[]}");
        assertThatThrownBy(() -> ShipperState.read(dir)).isInstanceOf(IOException.class).hasMessageContaining("unexpected meta file version 2");
        Files.writeString(dir.resolve("thanos.shipper.json"), "{\"version\":1,\"uploaded\":[\"nope\"]}");
        assertThatThrownBy(() -> ShipperState.read(dir)).isInstanceOf(IOException.class).hasMessageContaining("nope");
    }
}
