package io.jthanos.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockMetaJsonTest {
    /** A meta.json as Thanos writes it, with fields this model does not know. */
    static final String THANOS_META = """
            {
            	"ulid": "01HZ7XW6J8N6D0Y6Q8R4ZKJ8T5",
            	"minTime": 1700000000000,
            	"maxTime": 1700007200000,
            	"stats": {
            		"numSamples": 120,
            		"numSeries": 2,
            		"numChunks": 3,
            		"numFutureField": 9
            	},
            	"compaction": {
            		"level": 2,
            		"sources": [
            			"01HZ7XW6J8N6D0Y6Q8R4ZKJ8T1",
            			"01HZ7XW6J8N6D0Y6Q8R4ZKJ8T2"
            		],
            		"parents": [
            			{
            				"ulid": "01HZ7XW6J8N6D0Y6Q8R4ZKJ8T1",
            				"minTime": 1700000000000,
            				"maxTime": 1700003600000
            			}
            		],
            		"hints": [
            			"from-out-of-order"
            		]
            	},
            	"version": 1,
            	"thanos": {
            		"version": 1,
            		"labels": {
            			"cluster": "eu-1",
            			"replica": "a"
            		},
            		"downsample": {
            			"resolution": 300000
            		},
            		"source": "compactor",
            		"segment_files": [
            			"000001"
            		],
            		"files": [
            			{
            				"rel_path": "chunks/000001",
            				"size_bytes": 1234,
            				"hash": {
            					"hashFunc": "SHA256",
            					"value": "abc"
            				}
            			},
            			{
            				"rel_path": "meta.json"
            			}
            		],
            		"index_stats": {
            			"series_max_size": 512,
            			"chunk_max_size": 1024
            		},
            		"extensions": {
            			"parquet_migrated": true
            		},
            		"upload_time": "2024-01-01T00:00:00Z",
            		"future": [
            			1,
            			2
            		]
            	},
            	"topLevelFuture": "x"
            }""";

    @Test
    void roundTripsThanosMetaPreservingUnknownFields() throws Exception {
        BlockMeta m = BlockMetaJson.parse(THANOS_META.getBytes(StandardCharsets.UTF_8), "meta.json");
        assertThat(m.thanos().labels()).isEqualTo(Map.of("cluster", "eu-1", "replica", "a"));
        assertThat(m.thanos().downsampleResolution()).isEqualTo(300000);
        assertThat(m.thanos().source()).isEqualTo("compactor");
        assertThat(m.thanos().files()).hasSize(2);
        assertThat(m.thanos().indexStats().chunkMaxSize()).isEqualTo(1024);
        assertThat(m.compaction().parents()).hasSize(1);
        assertThat(m.compaction().hints()).containsExactly("from-out-of-order");
        assertThat(m.stats().numSamples()).isEqualTo(120);
        assertThat(BlockMetaJson.toJson(m)).isEqualTo(THANOS_META);
    }

    @Test
    void writesPrometheusShapeWithoutThanosSection() {
        BlockMeta m = new BlockMeta("01M7Y920VYGB7TBX35N4NN1HMW", 1700000000000L, 1700000030001L,
                new BlockMeta.Stats(6, 0, 0, 3, 3, 0, null),
                new BlockMeta.Compaction(1, List.of("01M7Y920VYGB7TBX35N4NN1HMW"), false, List.of(), false, List.of(), null), 1, null, null);
        // byte for byte the meta.json promtool 3.5 wrote for this block
        assertThat(BlockMetaJson.toJson(m)).isEqualTo("""
                {
                	"ulid": "01M7Y920VYGB7TBX35N4NN1HMW",
                	"minTime": 1700000000000,
                	"maxTime": 1700000030001,
                	"stats": {
                		"numSamples": 6,
                		"numSeries": 3,
                		"numChunks": 3
                	},
                	"compaction": {
                		"level": 1,
                		"sources": [
                			"01M7Y920VYGB7TBX35N4NN1HMW"
                		]
                	},
                	"version": 1
                }""");
    }

    @Test
    void rejectsBrokenMeta() {
        assertThatThrownBy(() -> BlockMetaJson.parse("{".getBytes(StandardCharsets.UTF_8), "m")).isInstanceOf(CorruptBlockException.class);
        // a truncated file: where it ends, in the reader's terms, without Jackson's source description
        assertThatThrownBy(() -> BlockMetaJson.parse("{\n\t\"ulid\": \"01M7Y920VYGB7TBX35N4NN1HMW\",\n\t\"minT"
                .getBytes(StandardCharsets.UTF_8), "B/meta.json"))
                .isInstanceOf(CorruptBlockException.class)
                .hasMessage("B/meta.json at offset 47: invalid JSON: Unexpected end-of-input in field name"
                        + " (line 3, column 7)");
        assertThatThrownBy(() -> BlockMetaJson.parse("{\"ulid\":\"01M7Y920VYGB7TBX35N4NN1HMW\",\"version\":2}".getBytes(StandardCharsets.UTF_8), "m"))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> BlockMetaJson.parse("{\"ulid\":\"nope\",\"version\":1}".getBytes(StandardCharsets.UTF_8), "m"))
                .hasMessageContaining("ulid");
    }
}
