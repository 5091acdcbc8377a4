package io.jthanos.objstore.filesystem;

import io.jthanos.objstore.config.ConfigNode;
import io.jthanos.objstore.config.ObjstoreConfigException;

/**
 * Settings of the {@code FILESYSTEM} provider (Thanos keys: {@code directory}).
 *
 * @param directory the bucket's root directory
 */
public record FilesystemConfig(String directory) {

    /** Reads the {@code config:} mapping strictly. */
    public static FilesystemConfig parse(ConfigNode config) {
        String directory = config.string("directory", "");
        config.finish();
        if (directory.isEmpty()) {
            throw new ObjstoreConfigException(config.source() + ": missing directory for filesystem bucket (config.directory)");
        }
        return new FilesystemConfig(directory);
    }
}
