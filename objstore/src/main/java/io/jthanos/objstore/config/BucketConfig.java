package io.jthanos.objstore.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The outer shape of Thanos's {@code objstore.yml}: {@code type}, the provider's {@code config}
 * mapping, and the optional {@code prefix} under which all objects live.
 *
 * @param type the provider
 * @param config the provider's settings, to be read (and {@linkplain ConfigNode#finish() finished}) by it
 * @param prefix the object-name prefix without surrounding slashes, or {@code ""}
 */
public record BucketConfig(ProviderType type, ConfigNode config, String prefix) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * The problem and where it is ("expected the node content, but found '<stream end>' at line 4, column 1"),
     * without SnakeYAML's excerpt of the text with a caret under the spot.
     */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null && m.getProblemMark() != null) {
            String context = m.getContext() == null ? "" : m.getContext() + ": ";
            return context + m.getProblem() + " at line " + (m.getProblemMark().getLine() + 1) + ", column "
                    + (m.getProblemMark().getColumn() + 1);
        }
        return e.getOriginalMessage().replace('\n', ' ');
    }

    /**
     * Parses {@code yaml} after expanding environment variables.
     *
     * @param source names the text in error messages: a file path or {@code --objstore.config}
     * @throws ObjstoreConfigException for any error in the text
     */
    public static BucketConfig parse(String yaml, String source, EnvExpander env) {
        String expanded = env.expand(yaml, source);
        JsonNode root;
        try {
            root = YAML.readTree(expanded);
        } catch (JsonProcessingException e) {
            throw new ObjstoreConfigException(source + ": invalid YAML: " + yamlProblem(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ObjstoreConfigException(source + ": empty bucket configuration (expected type: and config:)");
        }
        ConfigNode top = ConfigNode.of(source, "", root);
        String typeText = top.string("type", "");
        ConfigNode config = top.child("config");
        String prefix = top.string("prefix", "");
        top.finish();
        if (typeText.isBlank()) {
            throw new ObjstoreConfigException(source + ": missing type (valid types: FILESYSTEM, S3)");
        }
        return new BucketConfig(ProviderType.parse(typeText, source), config, trimSlashes(prefix));
    }

    private static String trimSlashes(String prefix) {
        int from = 0;
        int to = prefix.length();
        while (from < to && prefix.charAt(from) == '/') {
            from++;
        }
        while (to > from && prefix.charAt(to - 1) == '/') {
            to--;
        }
        return prefix.substring(from, to);
    }
}
