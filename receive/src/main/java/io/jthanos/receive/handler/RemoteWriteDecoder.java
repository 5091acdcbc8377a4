package io.jthanos.receive.handler;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.Sample;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.proto.prompb.WriteRequest;
import io.jthanos.proto.writev2.Request;
import io.jthanos.receive.series.ProtoSeriesBatch;
import io.jthanos.receive.series.SeriesBatch;
import io.jthanos.receive.series.WriteRequestBytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xerial.snappy.Snappy;

/**
 * Validates the headers and decodes the body of a remote-write request: snappy block format (never
 * decompressing past {@code maxDecompressedBytes}: the length in the snappy header is checked first, so a
 * snappy bomb costs nothing), then the protobuf of the version the content type names. Remote-write 2.0
 * requests are translated to 1.0 series (symbols resolved; exemplars and metadata dropped).
 */
public final class RemoteWriteDecoder {
    static final String PROTO_V1 = "prometheus.WriteRequest";
    static final String PROTO_V2 = "io.prometheus.write.v2.Request";

    private RemoteWriteDecoder() {}

    /**
     * The version named by the {@code Content-Type} and {@code Content-Encoding} headers.
     *
     * @throws RemoteWriteException 415 for a content type or encoding this receiver does not accept
     */
    public static RemoteWriteVersion version(String contentType, String contentEncoding) throws RemoteWriteException {
        if (contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.trim().equalsIgnoreCase("snappy")) {
            throw new RemoteWriteException(415, "unsupported compression: " + contentEncoding
                    + ". Only snappy is supported");
        }
        if (contentType == null || contentType.isBlank()) {
            return RemoteWriteVersion.V1; // "don't break yolo 1.0 clients", as Prometheus says
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/x-protobuf")) {
            throw new RemoteWriteException(415, "unsupported content type: " + contentType
                    + "; expected application/x-protobuf");
        }
        String proto = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("proto")) {
                proto = p.substring(eq + 1).trim();
            }
        }
        if (proto == null || proto.equals(PROTO_V1)) {
            return RemoteWriteVersion.V1;
        }
        if (proto.equals(PROTO_V2)) {
            return RemoteWriteVersion.V2;
        }
        throw new RemoteWriteException(415, "unsupported content type: " + contentType + "; unknown proto message " + proto);
    }

    /**
     * Decompresses a snappy block-format body.
     *
     * @throws RemoteWriteException 400 for corrupt snappy, 413 when the decompressed size exceeds the limit
     */
    public static byte[] decompress(byte[] body, long maxDecompressedBytes) throws RemoteWriteException {
        long declared = declaredLength(body);
        if (declared > maxDecompressedBytes || declared > Integer.MAX_VALUE - 8) {
            throw new RemoteWriteException(413, "write request too large: decompressed size " + declared
                    + " bytes exceeds the limit of " + maxDecompressedBytes + " bytes");
        }
        int length = (int) declared;
        byte[] out = new byte[length];
        try {
            int n = Snappy.uncompress(body, 0, body.length, out, 0);
            if (n != length) {
                throw new RemoteWriteException(400, "snappy decode error: decoded " + n + " bytes, header said " + length);
            }
        } catch (IOException | RuntimeException e) {
            throw new RemoteWriteException(400, "snappy decode error: " + e.getMessage());
        }
        return out;
    }

    /** The uncompressed length from the snappy block header (a uvarint of at most 32 bits). */
    static long declaredLength(byte[] body) throws RemoteWriteException {
        long v = 0;
        for (int i = 0, shift = 0; i < body.length && i < 5; i++, shift += 7) {
            int b = body[i] & 0xFF;
            v |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                if (v > 0xFFFFFFFFL) {
                    break;
                }
                return v;
            }
        }
        throw new RemoteWriteException(400, "snappy decode error: corrupt input (invalid length header)");
    }

    /**
     * The series of a decompressed body. A remote-write 1.0 request is read in place when it has the usual
     * shape ({@link WriteRequestBytes}); everything else goes through the generated parser.
     *
     * @throws RemoteWriteException 400 for malformed protobuf or v2 symbol references
     */
    public static SeriesBatch decode(byte[] raw, RemoteWriteVersion version) throws RemoteWriteException {
        if (version == RemoteWriteVersion.V1) {
            WriteRequestBytes inPlace = WriteRequestBytes.parse(raw);
            if (inPlace != null) {
                return inPlace;
            }
        }
        return new ProtoSeriesBatch(decodeMessages(raw, version));
    }

    /**
     * The series of a decompressed body through the generated protobuf parser.
     *
     * @throws RemoteWriteException 400 for malformed protobuf or v2 symbol references
     */
    static List<TimeSeries> decodeMessages(byte[] raw, RemoteWriteVersion version) throws RemoteWriteException {
        try {
            CodedInputStream in = CodedInputStream.newInstance(raw);
            in.setSizeLimit(Integer.MAX_VALUE);
            return switch (version) {
                case V1 -> WriteRequest.parseFrom(in).getTimeseriesList();
                case V2 -> fromV2(Request.parseFrom(in));
            };
        } catch (InvalidProtocolBufferException e) {
            throw new RemoteWriteException(400, "decode " + (version == RemoteWriteVersion.V1 ? PROTO_V1 : PROTO_V2)
                    + ": " + e.getMessage());
        } catch (IOException e) {
            throw new RemoteWriteException(400, "decode request: " + e.getMessage());
        }
    }

    static List<TimeSeries> fromV2(Request request) throws RemoteWriteException {
        List<String> symbols = request.getSymbolsList();
        if (!symbols.isEmpty() && !symbols.getFirst().isEmpty()) {
            throw new RemoteWriteException(400, "invalid remote write 2.0 request: symbols[0] must be the empty string");
        }
        List<TimeSeries> out = new ArrayList<>(request.getTimeseriesCount());
        TimeSeries.Builder b = TimeSeries.newBuilder();
        for (int i = 0; i < request.getTimeseriesCount(); i++) {
            io.jthanos.proto.writev2.TimeSeries ts = request.getTimeseries(i);
            int refs = ts.getLabelsRefsCount();
            if (refs % 2 != 0) {
                throw new RemoteWriteException(400, "invalid remote write 2.0 request: series " + i
                        + " has an odd number of labels_refs (" + refs + ")");
            }
            b.clear();
            for (int r = 0; r < refs; r += 2) {
                int name = ts.getLabelsRefs(r);
                int value = ts.getLabelsRefs(r + 1);
                if (name < 0 || name >= symbols.size() || value < 0 || value >= symbols.size()) {
                    throw new RemoteWriteException(400, "invalid remote write 2.0 request: series " + i
                            + " references symbol " + Math.max(name, value) + " of " + symbols.size());
                }
                b.addLabels(Label.newBuilder().setName(symbols.get(name)).setValue(symbols.get(value)));
            }
            for (io.jthanos.proto.writev2.Sample s : ts.getSamplesList()) {
                b.addSamples(Sample.newBuilder().setTimestamp(s.getTimestamp()).setValue(s.getValue()));
            }
            if (ts.getHistogramsCount() > 0) {
                // Kept so that the writer reports them as unsupported instead of dropping them silently.
                b.addHistograms(io.jthanos.proto.prompb.Histogram.getDefaultInstance());
            }
            out.add(b.build());
        }
        return out;
    }
}
