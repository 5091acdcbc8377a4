package io.jthanos.cmd.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * ARCHITECTURE.md's dependency direction as ArchUnit rules over {@code io.jthanos..}: for each
 * package family, the families of ours it may use. Each rule is {@code allowEmptyShould(true)}
 * because most modules are still being written; {@code ArchitectureTest} proves the rules bite.
 */
final class JthanosArchitecture {

  static final String MODEL = "io.jthanos.model..";
  static final String STORAGE = "io.jthanos.storage..";
  static final String TSDB = "io.jthanos.tsdb..";
  static final String CHUNKENC = "io.jthanos.tsdb.chunkenc..";
  static final String PROMQL = "io.jthanos.promql..";
  static final String OBJSTORE = "io.jthanos.objstore..";
  static final String PROTO = "io.jthanos.proto..";
  static final String STORE = "io.jthanos.store..";
  static final String QUERY = "io.jthanos.query..";
  static final String RECEIVE = "io.jthanos.receive..";
  static final String COMPACT = "io.jthanos.compact..";
  static final String RULER = "io.jthanos.ruler..";
  static final String CMD = "io.jthanos.cmd..";

  /** The whole tsdb module: its API packages and its implementation. */
  private static final String[] TSDB_MODULE = {MODEL, STORAGE, TSDB};

  private JthanosArchitecture() {}

  static List<ArchRule> rules() {
    List<ArchRule> rules = new ArrayList<>();
    for (String tsdbPackage : TSDB_MODULE) {
      rules.add(mayOnlyUse(tsdbPackage, TSDB_MODULE));
    }
    rules.add(mayOnlyUse(PROMQL, MODEL, STORAGE, CHUNKENC, PROMQL));
    rules.add(mayOnlyUse(OBJSTORE, OBJSTORE));
    rules.add(mayOnlyUse(PROTO, PROTO));
    rules.add(mayOnlyUse(STORE, with(TSDB_MODULE, OBJSTORE, PROTO, STORE)));
    rules.add(mayOnlyUse(QUERY, with(TSDB_MODULE, PROMQL, STORE, PROTO, QUERY)));
    rules.add(mayOnlyUse(RECEIVE, with(TSDB_MODULE, OBJSTORE, STORE, PROTO, RECEIVE)));
    rules.add(mayOnlyUse(COMPACT, with(TSDB_MODULE, OBJSTORE, COMPACT)));
    rules.add(mayOnlyUse(RULER, with(TSDB_MODULE, PROMQL, STORE, OBJSTORE, RULER)));
    rules.add(
        noClasses().that().resideInAPackage("io.jthanos..").and().resideOutsideOfPackage(CMD)
            .should().dependOnClassesThat().resideInAPackage(CMD)
            .as("nothing depends on io.jthanos.cmd")
            .allowEmptyShould(true));
    return rules;
  }

  /** Classes in {@code origin} may depend on no class of ours outside {@code allowed}. */
  static ArchRule mayOnlyUse(String origin, String... allowed) {
    return noClasses().that().resideInAPackage(origin)
        .should().dependOnClassesThat(resideInAPackage("io.jthanos..").and(not(resideInAnyPackage(allowed))))
        .as(origin + " may only use " + String.join(", ", allowed) + " of io.jthanos")
        .allowEmptyShould(true);
  }

  private static String[] with(String[] base, String... more) {
    return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
  }
}
