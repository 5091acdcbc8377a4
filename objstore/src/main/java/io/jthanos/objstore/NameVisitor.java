package io.jthanos.objstore;

import java.io.IOException;

/** Receives the names found by {@link BucketReader#iter}; throwing stops the iteration. */
@FunctionalInterface
public interface NameVisitor {
    void visit(String name) throws IOException;
}
