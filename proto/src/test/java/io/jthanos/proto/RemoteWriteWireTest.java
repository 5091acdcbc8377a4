package io.jthanos.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jthanos.proto.prompb.Histogram;
import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.MetricMetadata;
import io.jthanos.proto.prompb.Sample;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.proto.prompb.WriteRequest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Remote write v1/v2 messages encode exactly as Prometheus's and survive a round trip. */
class RemoteWriteWireTest {

  private static final HexFormat HEX = HexFormat.of();

  static WriteRequest upOneAt1000() {
    return WriteRequest.newBuilder()
        .addTimeseries(
            TimeSeries.newBuilder()
                .addLabels(Label.newBuilder().setName("__name__").setValue("up"))
                .addSamples(Sample.newBuilder().setValue(1.0).setTimestamp(1000)))
        .build();
  }

  @Test
  void smallWriteRequestHasHandComputedEncoding() {
    // WriteRequest.timeseries(1, len 30)
    //   TimeSeries.labels(1, len 14): name(1)="__name__", value(2)="up"
    //   TimeSeries.samples(2, len 12): value(1, fixed64)=1.0 LE, timestamp(2, varint)=1000 -> e8 07
    String expected =
        "0a1e"
            + "0a0e" + "0a08" + HEX.formatHex("__name__".getBytes()) + "1202" + HEX.formatHex("up".getBytes())
            + "120c" + "09000000000000f03f" + "10e807";

    assertThat(HEX.formatHex(upOneAt1000().toByteArray())).isEqualTo(expected);
  }

  @Test
  void writeRequestRoundTripsWithMetadataAndHistograms() throws InvalidProtocolBufferException {
    WriteRequest request =
        upOneAt1000().toBuilder()
            .addMetadata(
                MetricMetadata.newBuilder()
                    .setType(MetricMetadata.MetricType.GAUGE)
                    .setMetricFamilyName("up")
                    .setHelp("1 if the target is up"))
            .setTimeseries(
                0,
                upOneAt1000().getTimeseries(0).toBuilder()
                    .addHistograms(
                        Histogram.newBuilder()
                            .setCountInt(3)
                            .setSum(4.5)
                            .setSchema(-1)
                            .setZeroCountFloat(0.5)
                            .setResetHint(Histogram.ResetHint.GAUGE)
                            .setTimestamp(2000)))
            .build();

    WriteRequest decoded = WriteRequest.parseFrom(request.toByteArray());

    assertThat(decoded).isEqualTo(request);
    Histogram histogram = decoded.getTimeseries(0).getHistograms(0);
    assertThat(histogram.getCountCase()).isEqualTo(Histogram.CountCase.COUNT_INT);
    assertThat(histogram.getZeroCountCase()).isEqualTo(Histogram.ZeroCountCase.ZERO_COUNT_FLOAT);
    assertThat(histogram.getSchema()).isEqualTo(-1);
  }

  @Test
  void histogramSchemaIsZigZagEncoded() {
    // schema is sint32: -1 zig-zags to 1, so field 4 (varint) is "20 01"; a plain int32 would be 10 bytes.
    byte[] bytes = Histogram.newBuilder().setSchema(-1).build().toByteArray();
    assertThat(HEX.formatHex(bytes)).isEqualTo("2001");
  }

  @Test
  void metadataSkipsReservedFieldNumberThree() {
    // MetricMetadata: type=1, metric_family_name=2, help=4, unit=5 (3 is unused upstream).
    byte[] bytes = MetricMetadata.newBuilder().setHelp("h").setUnit("u").build().toByteArray();
    assertThat(HEX.formatHex(bytes)).isEqualTo("2201682a0175");
  }

  @Test
  void remoteWriteV2RequestRoundTrips() throws InvalidProtocolBufferException {
    io.jthanos.proto.writev2.Request request =
        io.jthanos.proto.writev2.Request.newBuilder()
            .addSymbols("")
            .addSymbols("__name__")
            .addSymbols("up")
            .addTimeseries(
                io.jthanos.proto.writev2.TimeSeries.newBuilder()
                    .addLabelsRefs(1)
                    .addLabelsRefs(2)
                    .addSamples(
                        io.jthanos.proto.writev2.Sample.newBuilder()
                            .setValue(1)
                            .setTimestamp(1000)
                            .setStartTimestamp(500)))
            .build();

    byte[] bytes = request.toByteArray();

    // symbols are field 4 (tag 0x22), timeseries field 5 (tag 0x2a); 1..3 are reserved.
    assertThat(bytes[0]).isEqualTo((byte) 0x22);
    assertThat(io.jthanos.proto.writev2.Request.parseFrom(bytes)).isEqualTo(request);
  }

  @Test
  void v1RequestDecodedAsV2HasNoKnownFields() throws InvalidProtocolBufferException {
    // The reserved 1..3 make a mistaken v1 body decode as an empty v2 Request.
    io.jthanos.proto.writev2.Request decoded =
        io.jthanos.proto.writev2.Request.parseFrom(upOneAt1000().toByteArray());
    assertThat(decoded.getSymbolsCount()).isZero();
    assertThat(decoded.getTimeseriesCount()).isZero();
  }
}
