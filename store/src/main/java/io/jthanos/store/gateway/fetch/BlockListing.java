package io.jthanos.store.gateway.fetch;

import java.util.Map;
import java.util.Set;

/**
 * The objects directly under each block directory as listed by one {@link BlockMetaFetcher#fetch()} (e.g.
 * {@code meta.json}, {@code index}, {@code deletion-mark.json}; sub-directories are not included). Filters that
 * read marker files use it to read only the markers that exist, instead of probing every block.
 */
public final class BlockListing {
    /** A listing that knows nothing: every marker must be probed. */
    public static final BlockListing UNKNOWN = new BlockListing(Map.of());

    private final Map<String, Set<String>> files;

    /** @param files top-level object names (without the block's directory) by block ULID */
    public BlockListing(Map<String, Set<String>> files) {
        this.files = files;
    }

    /** Whether {@code file} may exist in block {@code id}: true when listed or when the block was not listed. */
    public boolean mayHave(String id, String file) {
        Set<String> f = files.get(id);
        return f == null || f.contains(file);
    }
}
