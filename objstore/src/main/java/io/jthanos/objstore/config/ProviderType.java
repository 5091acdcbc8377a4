package io.jthanos.objstore.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code type:} values of Thanos's {@code objstore.yml}; only some are implemented here. */
public enum ProviderType {
    FILESYSTEM(true),
    S3(true),
    GCS(false),
    AZURE(false),
    SWIFT(false),
    COS(false),
    ALIYUNOSS(false),
    BOS(false),
    OCI(false),
    OBS(false);

    private final boolean supported;

    ProviderType(boolean supported) {
        this.supported = supported;
    }

    /** Whether jthanos implements this provider. */
    public boolean supported() {
        return supported;
    }

    /**
     * Looks up a type case-insensitively, as Thanos does.
     *
     * @throws ObjstoreConfigException for unknown or unimplemented types, listing the valid ones
     */
    public static ProviderType parse(String text, String source) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        for (ProviderType t : values()) {
            if (t.name().equals(upper)) {
                if (!t.supported) {
                    throw new ObjstoreConfigException(source + ": type " + t + " is not supported yet by jthanos (supported: " + supportedList() + ")");
                }
                return t;
            }
        }
        throw new ObjstoreConfigException(source + ": unknown type \"" + text + "\" (valid types: " + supportedList() + ")");
    }

    private static String supportedList() {
        return Arrays.stream(values()).filter(ProviderType::supported).map(Enum::name).collect(Collectors.joining(", "));
    }
}
