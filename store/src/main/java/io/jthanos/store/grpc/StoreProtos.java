package io.jthanos.store.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;
import io.jthanos.proto.labelpb.Label;
import io.jthanos.proto.storepb.AggrChunk;
import io.jthanos.proto.storepb.Aggr;
import io.jthanos.proto.storepb.Chunk;
import io.jthanos.proto.storepb.Func;
import io.jthanos.proto.storepb.Grouping;
import io.jthanos.proto.storepb.LabelMatcher;
import io.jthanos.proto.storepb.Range;
import io.jthanos.store.Aggregation;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.store.QueryHints;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreException;
import io.jthanos.tsdb.chunkenc.Encoding;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Conversions between the StoreAPI's protobuf messages and our types. Chunk bytes are wrapped, not
 * copied, in both directions.
 */
public final class StoreProtos {
    private StoreProtos() {}

    // ---- labels and matchers

    /** Protobuf labels as {@link Labels}; sorted input is taken as is, anything else is sorted. */
    public static Labels labels(List<Label> ls) {
        int n = ls.size();
        String[] pairs = new String[n * 2];
        for (int i = 0; i < n; i++) {
            Label l = ls.get(i);
            pairs[2 * i] = l.getName();
            pairs[2 * i + 1] = l.getValue();
        }
        return labels(pairs);
    }

    /**
     * Name/value pairs as received, as {@link Labels}: taken as they are when sorted by name without empty
     * values, else sorted (the last of equal names wins) with empty values dropped.
     */
    static Labels labels(String[] pairs) {
        boolean sorted = true;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1].isEmpty() || (i > 0 && Labels.compareStrings(pairs[i - 2], pairs[i]) >= 0)) {
                sorted = false;
                break;
            }
        }
        if (sorted) {
            return Labels.fromSortedPairs(pairs);
        }
        LabelsBuilder b = new LabelsBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return b.build();
    }

    public static List<Label> labels(Labels labels) {
        List<Label> out = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.add(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
        }
        return out;
    }

    /**
     * Protobuf matchers as ours.
     *
     * @throws StoreException {@code INVALID_ARGUMENT} for a bad regex or an unknown type
     */
    public static List<Matcher> matchers(List<LabelMatcher> ms) {
        List<Matcher> out = new ArrayList<>(ms.size());
        for (LabelMatcher m : ms) {
            MatchType type = switch (m.getType()) {
                case EQ -> MatchType.EQUAL;
                case NEQ -> MatchType.NOT_EQUAL;
                case RE -> MatchType.REGEX;
                case NRE -> MatchType.NOT_REGEX;
                case UNRECOGNIZED -> throw new StoreException(StoreException.Code.INVALID_ARGUMENT,
                        "unrecognized label matcher type " + m.getTypeValue());
            };
            try {
                out.add(Matcher.of(type, m.getName(), m.getValue()));
            } catch (IllegalArgumentException e) {
                throw new StoreException(StoreException.Code.INVALID_ARGUMENT, e.getMessage(), e);
            }
        }
        return out;
    }

    public static List<LabelMatcher> toProtoMatchers(List<Matcher> ms) {
        List<LabelMatcher> out = new ArrayList<>(ms.size());
        for (Matcher m : ms) {
            LabelMatcher.Type t = switch (m.type()) {
                case EQUAL -> LabelMatcher.Type.EQ;
                case NOT_EQUAL -> LabelMatcher.Type.NEQ;
                case REGEX -> LabelMatcher.Type.RE;
                case NOT_REGEX -> LabelMatcher.Type.NRE;
            };
            out.add(LabelMatcher.newBuilder().setType(t).setName(m.name()).setValue(m.value()).build());
        }
        return out;
    }

    // ---- chunks

    /** A raw chunk as an {@link AggrChunk}, its bytes wrapped without copying. */
    public static AggrChunk toProto(StoreChunk c) {
        if (c.encoding() == Encoding.AGGR) {
            return AggrChunkCodec.toProto(c);
        }
        Chunk.Encoding type = switch (c.encoding()) {
            case XOR -> Chunk.Encoding.XOR;
            case HISTOGRAM -> Chunk.Encoding.HISTOGRAM;
            case FLOAT_HISTOGRAM -> Chunk.Encoding.FLOAT_HISTOGRAM;
            default -> throw new StoreException(StoreException.Code.INTERNAL,
                    "chunk encoding " + c.encoding() + " cannot be sent over the StoreAPI");
        };
        ByteString data = UnsafeByteOperations.unsafeWrap(c.data().asByteBuffer());
        return AggrChunk.newBuilder().setMinTime(c.minTime()).setMaxTime(c.maxTime())
                .setRaw(Chunk.newBuilder().setType(type).setData(data)).build();
    }

    /**
     * The raw chunk of an {@link AggrChunk}, viewing the message's bytes; for a downsampled chunk without
     * raw data, its aggregates as one {@link Encoding#AGGR} chunk, or {@code null} when it carries nothing.
     */
    public static StoreChunk fromProto(AggrChunk c) {
        if (!c.hasRaw()) {
            return AggrChunkCodec.fromProto(c);
        }
        Encoding e = switch (c.getRaw().getType()) {
            case XOR -> Encoding.XOR;
            case HISTOGRAM -> Encoding.HISTOGRAM;
            case FLOAT_HISTOGRAM -> Encoding.FLOAT_HISTOGRAM;
            case UNRECOGNIZED -> throw new StoreException(StoreException.Code.INTERNAL,
                    "unrecognized chunk encoding " + c.getRaw().getTypeValue());
        };
        MemorySegment data = MemorySegment.ofBuffer(c.getRaw().getData().asReadOnlyByteBuffer());
        return new StoreChunk(c.getMinTime(), c.getMaxTime(), e, data);
    }

    // ---- requests

    private static PartialResponseStrategy strategy(boolean disabled, io.jthanos.proto.storepb.PartialResponseStrategy s) {
        return disabled || s == io.jthanos.proto.storepb.PartialResponseStrategy.ABORT
                ? PartialResponseStrategy.ABORT : PartialResponseStrategy.WARN;
    }

    private static io.jthanos.proto.storepb.PartialResponseStrategy toProto(PartialResponseStrategy s) {
        return s == PartialResponseStrategy.ABORT
                ? io.jthanos.proto.storepb.PartialResponseStrategy.ABORT
                : io.jthanos.proto.storepb.PartialResponseStrategy.WARN;
    }

    public static SeriesRequest fromProto(io.jthanos.proto.storepb.SeriesRequest r) {
        QueryHints hints = QueryHints.NONE;
        if (r.hasQueryHints()) {
            io.jthanos.proto.storepb.QueryHints h = r.getQueryHints();
            hints = new QueryHints(h.getStepMillis(), h.hasFunc() ? emptyToNull(h.getFunc().getName()) : null,
                    h.hasRange() ? h.getRange().getMillis() : 0, h.hasGrouping() && h.getGrouping().getBy(),
                    h.hasGrouping() ? h.getGrouping().getLabelsList() : List.of());
        }
        List<Aggregation> aggrs = new ArrayList<>(r.getAggregatesCount());
        for (Aggr a : r.getAggregatesList()) {
            if (a != Aggr.UNRECOGNIZED) {
                aggrs.add(Aggregation.values()[a.getNumber()]);
            }
        }
        return new SeriesRequest(r.getMinTime(), r.getMaxTime(), matchers(r.getMatchersList()), r.getSkipChunks(),
                r.getWithoutReplicaLabelsList(), r.getLimit(),
                strategy(r.getPartialResponseDisabled(), r.getPartialResponseStrategy()), hints,
                r.getMaxResolutionWindow(), aggrs);
    }

    public static io.jthanos.proto.storepb.SeriesRequest toProto(SeriesRequest r) {
        var b = io.jthanos.proto.storepb.SeriesRequest.newBuilder()
                .setMinTime(r.minTime()).setMaxTime(r.maxTime())
                .addAllMatchers(toProtoMatchers(r.matchers()))
                .setSkipChunks(r.skipChunks())
                .addAllWithoutReplicaLabels(r.withoutReplicaLabels())
                .setLimit(r.limit())
                .setPartialResponseDisabled(r.partialResponseStrategy() == PartialResponseStrategy.ABORT)
                .setPartialResponseStrategy(toProto(r.partialResponseStrategy()))
                .setMaxResolutionWindow(r.maxResolutionWindow());
        for (Aggregation a : r.aggregates()) {
            b.addAggregatesValue(a.ordinal());
        }
        QueryHints h = r.hints();
        if (!h.equals(QueryHints.NONE)) {
            var hb = io.jthanos.proto.storepb.QueryHints.newBuilder().setStepMillis(h.stepMillis());
            if (h.func() != null) {
                hb.setFunc(Func.newBuilder().setName(h.func()));
            }
            if (h.rangeMillis() != 0) {
                hb.setRange(Range.newBuilder().setMillis(h.rangeMillis()));
            }
            if (h.groupingBy() || !h.grouping().isEmpty()) {
                hb.setGrouping(Grouping.newBuilder().setBy(h.groupingBy()).addAllLabels(h.grouping()));
            }
            b.setQueryHints(hb);
        }
        return b.build();
    }

    public static LabelNamesRequest fromProto(io.jthanos.proto.storepb.LabelNamesRequest r) {
        return new LabelNamesRequest(r.getStart(), r.getEnd(), matchers(r.getMatchersList()),
                r.getWithoutReplicaLabelsList(), r.getLimit(),
                strategy(r.getPartialResponseDisabled(), r.getPartialResponseStrategy()));
    }

    public static io.jthanos.proto.storepb.LabelNamesRequest toProto(LabelNamesRequest r) {
        return io.jthanos.proto.storepb.LabelNamesRequest.newBuilder()
                .setStart(r.start()).setEnd(r.end())
                .addAllMatchers(toProtoMatchers(r.matchers()))
                .addAllWithoutReplicaLabels(r.withoutReplicaLabels())
                .setLimit(r.limit())
                .setPartialResponseDisabled(r.partialResponseStrategy() == PartialResponseStrategy.ABORT)
                .setPartialResponseStrategy(toProto(r.partialResponseStrategy()))
                .build();
    }

    public static LabelValuesRequest fromProto(io.jthanos.proto.storepb.LabelValuesRequest r) {
        return new LabelValuesRequest(r.getLabel(), r.getStart(), r.getEnd(), matchers(r.getMatchersList()),
                r.getWithoutReplicaLabelsList(), r.getLimit(),
                strategy(r.getPartialResponseDisabled(), r.getPartialResponseStrategy()));
    }

    public static io.jthanos.proto.storepb.LabelValuesRequest toProto(LabelValuesRequest r) {
        return io.jthanos.proto.storepb.LabelValuesRequest.newBuilder()
                .setLabel(r.label())
                .setStart(r.start()).setEnd(r.end())
                .addAllMatchers(toProtoMatchers(r.matchers()))
                .addAllWithoutReplicaLabels(r.withoutReplicaLabels())
                .setLimit(r.limit())
                .setPartialResponseDisabled(r.partialResponseStrategy() == PartialResponseStrategy.ABORT)
                .setPartialResponseStrategy(toProto(r.partialResponseStrategy()))
                .build();
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    // ---- errors

    /** A gRPC status for a failure, keeping the message. */
    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof StoreException e) {
            Status.Code code = switch (e.code()) {
                case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
                case ABORTED -> Status.Code.ABORTED;
                case UNAVAILABLE -> Status.Code.UNAVAILABLE;
                case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
                case CANCELLED -> Status.Code.CANCELLED;
                case INTERNAL -> Status.Code.INTERNAL;
                case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
            };
            return Status.fromCode(code).withDescription(e.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription(String.valueOf(t.getMessage())).withCause(t).asRuntimeException();
    }

    /** A {@link StoreException} for a failed call, naming the target. */
    private static final java.util.regex.Pattern JAVA_EXCEPTION_CLASS =
            java.util.regex.Pattern.compile("(?:[a-z]\\w*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");

    public static StoreException fromStatus(StatusRuntimeException e, String target) {
        Status s = e.getStatus();
        StoreException.Code code = switch (s.getCode()) {
            case INVALID_ARGUMENT -> StoreException.Code.INVALID_ARGUMENT;
            case ABORTED -> StoreException.Code.ABORTED;
            case UNAVAILABLE -> StoreException.Code.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> StoreException.Code.DEADLINE_EXCEEDED;
            case CANCELLED -> StoreException.Code.CANCELLED;
            case RESOURCE_EXHAUSTED -> StoreException.Code.RESOURCE_EXHAUSTED;
            default -> StoreException.Code.INTERNAL;
        };
        String desc = s.getDescription() == null ? s.getCode().toString() : s.getDescription();
        int newline = desc.indexOf('\n'); // grpc-java's "\nChannel Pipeline: [SslHandler#0, …]"
        if (newline >= 0) {
            desc = desc.substring(0, newline);
        }
        // grpc-java says "io exception" for a refused or reset connection and keeps the why in the cause
        Throwable cause = s.getCause();
        if (cause instanceof SSLException) {
            // the handshake's own message is generic ("General OpenSslEngine problem"); the root cause says why
            Throwable root = cause;
            while (root.getCause() != null && root.getCause().getMessage() != null) {
                root = root.getCause();
            }
            desc += ": TLS handshake failed: " + root.getMessage();
        } else if (cause != null && cause.getMessage() != null && !desc.contains(cause.getMessage())) {
            desc += ": " + cause.getMessage();
        }
        // "ssl exception: io.grpc.netty.shaded.…OpenSslException: error:…" without the Java class
        desc = JAVA_EXCEPTION_CLASS.matcher(desc).replaceAll("");
        return new StoreException(code, "rpc error: code = " + toGoName(s.getCode()) + " desc = " + desc + " (" + target + ")", e);
    }

    private static String toGoName(Status.Code c) {
        StringBuilder sb = new StringBuilder();
        for (String part : c.name().split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }
}
