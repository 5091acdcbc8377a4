package io.jthanos.ruler.template;

import java.util.Map;

/**
 * A Go struct value as templates see it: fields by name; reading a field it lacks is an error
 * (unlike a map, whose missing keys read as the zero value).
 *
 * @param typeName shown in errors
 * @param fields field values: {@code String}, {@code Double}, {@code Long}, {@code Boolean},
 *     {@code Map<String, ?>}, {@code List<?>} or another {@code GoStruct}
 */
public record GoStruct(String typeName, Map<String, Object> fields) {
}
