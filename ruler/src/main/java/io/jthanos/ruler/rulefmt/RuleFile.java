package io.jthanos.ruler.rulefmt;

import java.util.List;

/** The groups of one parsed and validated rule file. */
public record RuleFile(String path, List<RuleGroup> groups) {
}
