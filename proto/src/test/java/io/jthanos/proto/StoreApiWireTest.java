package io.jthanos.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jthanos.proto.hintspb.SeriesRequestHints;
import io.jthanos.proto.infopb.InfoGrpc;
import io.jthanos.proto.infopb.InfoResponse;
import io.jthanos.proto.infopb.StoreInfo;
import io.jthanos.proto.labelpb.Label;
import io.jthanos.proto.labelpb.ZLabelSet;
import io.jthanos.proto.storepb.AggrChunk;
import io.jthanos.proto.storepb.Chunk;
import io.jthanos.proto.storepb.LabelMatcher;
import io.jthanos.proto.storepb.SeriesRequest;
import io.jthanos.proto.storepb.SeriesResponse;
import io.jthanos.proto.storepb.StoreGrpc;
import io.jthanos.proto.storepb.WriteRequest;
import io.jthanos.proto.storepb.WriteableStoreGrpc;
import io.jthanos.proto.storepb.prompb.TimeSeries;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Thanos StoreAPI, Info and hints messages use Thanos v0.42's names and field numbers. */
class StoreApiWireTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void serviceMethodNamesMatchThanos() {
    assertThat(StoreGrpc.getSeriesMethod().getFullMethodName()).isEqualTo("thanos.Store/Series");
    assertThat(StoreGrpc.getLabelNamesMethod().getFullMethodName()).isEqualTo("thanos.Store/LabelNames");
    assertThat(StoreGrpc.getLabelValuesMethod().getFullMethodName()).isEqualTo("thanos.Store/LabelValues");
    assertThat(WriteableStoreGrpc.getRemoteWriteMethod().getFullMethodName())
        .isEqualTo("thanos.WriteableStore/RemoteWrite");
    assertThat(InfoGrpc.getInfoMethod().getFullMethodName()).isEqualTo("thanos.info.Info/Info");
    // gRPC puts a leading slash in the HTTP/2 :path.
    assertThat("/" + StoreGrpc.getSeriesMethod().getFullMethodName()).isEqualTo("/thanos.Store/Series");
  }

  @Test
  void seriesRequestFieldNumbersMatchThanos() {
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("min_time", 1);
    expected.put("max_time", 2);
    expected.put("matchers", 3);
    expected.put("max_resolution_window", 4);
    expected.put("aggregates", 5);
    expected.put("partial_response_disabled", 6);
    expected.put("partial_response_strategy", 7);
    expected.put("skip_chunks", 8);
    expected.put("hints", 9);
    expected.put("step", 10);
    expected.put("range", 11);
    expected.put("query_hints", 12);
    expected.put("shard_info", 13);
    expected.put("without_replica_labels", 14);
    expected.put("limit", 15);
    expected.put("response_batch_size", 16);

    assertThat(fieldNumbers(SeriesRequest.getDescriptor())).isEqualTo(expected);
  }

  @Test
  void aggrChunkFieldNumbersMatchThanos() {
    assertThat(fieldNumbers(AggrChunk.getDescriptor()))
        .containsExactly(
            Map.entry("min_time", 1), Map.entry("max_time", 2), Map.entry("raw", 3), Map.entry("count", 4),
            Map.entry("sum", 5), Map.entry("min", 6), Map.entry("max", 7), Map.entry("counter", 8));
  }

  @Test
  void storeChunkEncodingStartsAtXorZero() {
    assertThat(Chunk.Encoding.XOR.getNumber()).isZero();
    assertThat(Chunk.Encoding.HISTOGRAM.getNumber()).isEqualTo(1);
    assertThat(Chunk.Encoding.FLOAT_HISTOGRAM.getNumber()).isEqualTo(2);
    // type(1)=HISTOGRAM, data(2)=0xab, hash(3)=5
    Chunk chunk =
        Chunk.newBuilder().setType(Chunk.Encoding.HISTOGRAM).setData(ByteString.copyFrom(new byte[] {(byte) 0xab})).setHash(5).build();
    assertThat(HEX.formatHex(chunk.toByteArray())).isEqualTo("08011201ab1805");
  }

  @Test
  void seriesResponseOneofRoundTrips() throws InvalidProtocolBufferException {
    SeriesResponse warning = SeriesResponse.newBuilder().setWarning("store down").build();
    assertThat(SeriesResponse.parseFrom(warning.toByteArray()).getResultCase())
        .isEqualTo(SeriesResponse.ResultCase.WARNING);

    SeriesResponse series =
        SeriesResponse.newBuilder()
            .setSeries(
                io.jthanos.proto.storepb.Series.newBuilder()
                    .addLabels(Label.newBuilder().setName("a").setValue("1"))
                    .addChunks(
                        AggrChunk.newBuilder()
                            .setMinTime(10)
                            .setMaxTime(20)
                            .setRaw(Chunk.newBuilder().setData(ByteString.copyFromUtf8("x")))))
            .build();
    SeriesResponse decoded = SeriesResponse.parseFrom(series.toByteArray());
    assertThat(decoded).isEqualTo(series);
    assertThat(decoded.getSeries().getChunks(0).getRaw().getType()).isEqualTo(Chunk.Encoding.XOR);
  }

  @Test
  void seriesRequestWithHintsRoundTrips() throws InvalidProtocolBufferException {
    SeriesRequestHints hints =
        SeriesRequestHints.newBuilder()
            .addBlockMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.RE).setName("__block_id").setValue(".*"))
            .setEnableQueryStats(true)
            .build();
    SeriesRequest request =
        SeriesRequest.newBuilder()
            .setMinTime(-5)
            .setMaxTime(Long.MAX_VALUE)
            .addMatchers(LabelMatcher.newBuilder().setName("__name__").setValue("up"))
            .setSkipChunks(true)
            .setHints(Any.pack(hints))
            .addWithoutReplicaLabels("replica")
            .setLimit(100)
            .build();

    SeriesRequest decoded = SeriesRequest.parseFrom(request.toByteArray());

    assertThat(decoded).isEqualTo(request);
    // Thanos resolves hints by this type URL.
    assertThat(decoded.getHints().getTypeUrl()).isEqualTo("type.googleapis.com/hintspb.SeriesRequestHints");
    assertThat(decoded.getHints().unpack(SeriesRequestHints.class)).isEqualTo(hints);
  }

  @Test
  void thanosPrometheusCopyIsWireCompatibleWithPrometheus() throws InvalidProtocolBufferException {
    io.jthanos.proto.prompb.TimeSeries prometheus = RemoteWriteWireTest.upOneAt1000().getTimeseries(0);

    TimeSeries copy = TimeSeries.parseFrom(prometheus.toByteArray());

    assertThat(copy.getLabels(0).getName()).isEqualTo("__name__");
    assertThat(copy.getSamples(0).getTimestamp()).isEqualTo(1000);
    assertThat(copy.toByteArray()).isEqualTo(prometheus.toByteArray());
    assertThat(TimeSeries.getDescriptor().getFullName()).isEqualTo("prometheus_copy.TimeSeries");
  }

  @Test
  void writeableStoreRequestRoundTrips() throws InvalidProtocolBufferException {
    WriteRequest request =
        WriteRequest.newBuilder()
            .addTimeseries(TimeSeries.parseFrom(RemoteWriteWireTest.upOneAt1000().getTimeseries(0).toByteString()))
            .setTenant("default-tenant")
            .setReplica(1)
            .build();
    assertThat(WriteRequest.parseFrom(request.toByteArray())).isEqualTo(request);
    assertThat(WriteRequest.getDescriptor().getFullName()).isEqualTo("thanos.WriteRequest");
  }

  @Test
  void infoResponseRoundTripsWithStoreInfo() throws InvalidProtocolBufferException {
    InfoResponse info =
        InfoResponse.newBuilder()
            .addLabelSets(ZLabelSet.newBuilder().addLabels(Label.newBuilder().setName("replica").setValue("a")))
            .setComponentType("store")
            .setStore(StoreInfo.newBuilder().setMinTime(1).setMaxTime(2).setSupportsWithoutReplicaLabels(true))
            .build();

    InfoResponse decoded = InfoResponse.parseFrom(info.toByteArray());

    assertThat(decoded).isEqualTo(info);
    assertThat(decoded.hasStore()).isTrue();
    assertThat(decoded.hasRules()).isFalse();
    // supports_without_replica_labels is field 5 (4 is reserved): tag 0x28
    assertThat(HEX.formatHex(StoreInfo.newBuilder().setSupportsWithoutReplicaLabels(true).build().toByteArray()))
        .isEqualTo("2801");
  }

  private static Map<String, Integer> fieldNumbers(Descriptor descriptor) {
    Map<String, Integer> numbers = new LinkedHashMap<>();
    for (FieldDescriptor field : descriptor.getFields()) {
      numbers.put(field.getName(), field.getNumber());
    }
    return numbers;
  }
}
