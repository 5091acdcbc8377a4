package io.jthanos.compact.merge;

import io.jthanos.storage.ChunkMeta;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the chunks of one series gathered from several blocks into non-overlapping chunks. Chunks
 * that overlap nothing are passed through untouched; a cluster of overlapping chunks that are all
 * byte-identical is kept once; any other cluster is decoded, merged by the {@link DedupFunc} and
 * re-encoded. For penalty deduplication each input (block) of a cluster plays one replica, in input
 * order, as Thanos's {@code mergeOverlappingChunks} does: its chunks are read one after another (or
 * merged by timestamp if they overlap each other), and the replicas are deduplicated pairwise.
 *
 * <p>Memory: one series' chunk metas plus one cluster's re-encoded chunks.
 */
public final class VerticalChunkMerger {
    private static final Comparator<ChunkMeta> ORDER =
            Comparator.comparingLong(ChunkMeta::minTime).thenComparingLong(ChunkMeta::maxTime);

    private final DedupFunc func;

    public VerticalChunkMerger(DedupFunc func) {
        this.func = func;
    }

    /** The merged chunks of {@code chunks} (in any order), all taken as coming from one input. */
    public List<ChunkMeta> merge(List<ChunkMeta> chunks) {
        return merge(chunks, new int[chunks.size()]);
    }

    /**
     * The merged chunks of {@code chunks} (in any order), ordered by time and non-overlapping;
     * {@code inputs[i]} is the input (block) chunk {@code i} comes from.
     *
     * @return {@code chunks} sorted, when nothing overlaps
     */
    public List<ChunkMeta> merge(List<ChunkMeta> chunks, int[] inputs) {
        List<ChunkMeta> sorted = new ArrayList<>(chunks);
        java.util.IdentityHashMap<ChunkMeta, Integer> inputOf = new java.util.IdentityHashMap<>();
        for (int k = 0; k < chunks.size(); k++) {
            inputOf.put(chunks.get(k), inputs[k]);
        }
        sorted.sort(ORDER);
        List<ChunkMeta> out = new ArrayList<>(sorted.size());
        int i = 0;
        while (i < sorted.size()) {
            int j = i + 1;
            long clusterMax = sorted.get(i).maxTime();
            while (j < sorted.size() && sorted.get(j).minTime() <= clusterMax) {
                clusterMax = Math.max(clusterMax, sorted.get(j).maxTime());
                j++;
            }
            List<ChunkMeta> cluster = sorted.subList(i, j);
            if (cluster.size() == 1) {
                out.add(cluster.get(0));
            } else if (allIdentical(cluster)) {
                out.add(cluster.get(0));
            } else {
                ChunkEncoder.encode(samples(cluster, inputOf), out);
            }
            i = j;
        }
        return out;
    }

    private SampleIterator samples(List<ChunkMeta> cluster, java.util.Map<ChunkMeta, Integer> inputOf) {
        if (func == DedupFunc.EXACT) {
            SampleIterator[] its = new SampleIterator[cluster.size()];
            for (int k = 0; k < its.length; k++) {
                its[k] = cluster.get(k).chunk().iterator(null);
            }
            return new ExactMergeIterator(its);
        }
        java.util.TreeMap<Integer, List<ChunkMeta>> perInput = new java.util.TreeMap<>();
        for (ChunkMeta c : cluster) {
            perInput.computeIfAbsent(inputOf.get(c), k -> new ArrayList<>()).add(c);
        }
        SampleIterator it = null;
        for (List<ChunkMeta> replica : perInput.values()) {
            SampleIterator r = replica(replica);
            it = it == null ? r : new PenaltyDedupIterator(it, r);
        }
        return it;
    }

    /** One input's chunks of a cluster (sorted): read one after another, or merged if they overlap. */
    private static SampleIterator replica(List<ChunkMeta> chunks) {
        for (int k = 1; k < chunks.size(); k++) {
            if (chunks.get(k).minTime() <= chunks.get(k - 1).maxTime()) {
                SampleIterator[] its = new SampleIterator[chunks.size()];
                for (int j = 0; j < its.length; j++) {
                    its[j] = chunks.get(j).chunk().iterator(null);
                }
                return new ExactMergeIterator(its);
            }
        }
        return new ChunkChainIterator(chunks);
    }

    private static boolean allIdentical(List<ChunkMeta> cluster) {
        ChunkMeta first = cluster.get(0);
        for (int k = 1; k < cluster.size(); k++) {
            ChunkMeta c = cluster.get(k);
            if (c.minTime() != first.minTime() || c.maxTime() != first.maxTime()
                    || c.chunk().encoding() != first.chunk().encoding()
                    || c.chunk().bytes().byteSize() != first.chunk().bytes().byteSize()
                    || c.chunk().bytes().mismatch(first.chunk().bytes()) != -1) {
                return false;
            }
        }
        return true;
    }
}
