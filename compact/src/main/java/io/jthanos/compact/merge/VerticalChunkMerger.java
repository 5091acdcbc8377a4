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
 * re-encoded. For penalty deduplication the chunks of a cluster are first laid into chains of
 * non-overlapping chunks (first fit in time order, as Thanos's {@code overlappingMerger} does), each
 * chain playing one replica.
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

    /**
     * The merged chunks of {@code chunks} (in any order), ordered by time and non-overlapping.
     *
     * @return {@code chunks} sorted, when nothing overlaps
     */
    public List<ChunkMeta> merge(List<ChunkMeta> chunks) {
        List<ChunkMeta> sorted = new ArrayList<>(chunks);
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
                ChunkEncoder.encode(samples(cluster), out);
            }
            i = j;
        }
        return out;
    }

    private SampleIterator samples(List<ChunkMeta> cluster) {
        List<List<ChunkMeta>> chains = new ArrayList<>();
        for (ChunkMeta c : cluster) {
            List<ChunkMeta> fit = null;
            for (List<ChunkMeta> chain : chains) {
                if (chain.get(chain.size() - 1).maxTime() < c.minTime()) {
                    fit = chain;
                    break;
                }
            }
            if (fit == null) {
                fit = new ArrayList<>();
                chains.add(fit);
            }
            fit.add(c);
        }
        SampleIterator[] its = new SampleIterator[chains.size()];
        for (int k = 0; k < its.length; k++) {
            its[k] = new ChunkChainIterator(chains.get(k));
        }
        if (func == DedupFunc.EXACT) {
            return new ExactMergeIterator(its);
        }
        SampleIterator it = its[0];
        for (int k = 1; k < its.length; k++) {
            it = new PenaltyDedupIterator(it, its[k]);
        }
        return it;
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
