package io.jthanos.store.proxy;

import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreInfo;
import java.util.Objects;

/**
 * A store the {@link ProxyStore} may fan out to, with the {@link StoreInfo} last learned about it (used
 * to skip it for requests it cannot answer).
 *
 * @param name how the store is named in warnings and errors, usually its address
 * @param api the store
 * @param info what the store announced
 */
public record StoreClient(String name, StoreApi api, StoreInfo info) {
    public StoreClient {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(info, "info");
    }

    @Override
    public String toString() {
        return name;
    }
}
