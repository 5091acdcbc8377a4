package io.jthanos.store.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle connections per server, at most {@code maxIdle} each (gomemcache's {@code MaxIdleConns}): a borrowed
 * connection is used by one thread and given back only if it did not fail. There is no bound on connections in
 * use; {@code max_get_multi_concurrency} and {@code max_async_concurrency} bound them. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    private final Duration timeout;
    private final int maxIdle;
    private final Map<String, ArrayDeque<MemcachedConnection>> idle = new HashMap<>();
    private boolean closed;

    ConnectionPool(Duration timeout, int maxIdle) {
        this.timeout = timeout;
        this.maxIdle = maxIdle;
    }

    /** An idle connection to {@code address}, or a new one. */
    MemcachedConnection borrow(String address) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("memcached client closed");
            }
            ArrayDeque<MemcachedConnection> connections = idle.get(address);
            if (connections != null && !connections.isEmpty()) {
                return connections.pollLast();
            }
        }
        return MemcachedConnection.open(address, timeout);
    }

    /** Gives back a connection that worked; it is closed if the pool has enough idle ones. */
    void release(MemcachedConnection connection) {
        synchronized (this) {
            if (!closed) {
                ArrayDeque<MemcachedConnection> connections =
                        idle.computeIfAbsent(connection.address(), a -> new ArrayDeque<>());
                if (connections.size() < maxIdle) {
                    connections.addLast(connection);
                    return;
                }
            }
        }
        connection.close();
    }

    /** Closes the idle connections of servers not in {@code servers} (after the servers changed). */
    void retain(List<String> servers) {
        List<MemcachedConnection> stale = new ArrayList<>();
        synchronized (this) {
            idle.entrySet().removeIf(e -> {
                if (servers.contains(e.getKey())) {
                    return false;
                }
                stale.addAll(e.getValue());
                return true;
            });
        }
        stale.forEach(MemcachedConnection::close);
    }

    @Override
    public void close() {
        List<MemcachedConnection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(MemcachedConnection::close);
    }
}
