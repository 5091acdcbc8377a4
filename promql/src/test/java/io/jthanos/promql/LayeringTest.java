package io.jthanos.promql;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** PromQL reads storage only through the storage contract, never through the TSDB implementation. */
class LayeringTest {

    private final JavaClasses promql = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jthanos.promql");

    @Test
    void promqlDependsOnlyOnTheStorageContract() {
        noClasses().that().resideInAPackage("io.jthanos.promql..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "jthanos classes outside promql, model (and its subpackages), storage and tsdb.chunkenc",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("io.jthanos.")
                                && !c.getPackageName().startsWith("io.jthanos.promql")
                                && !c.getPackageName().equals("io.jthanos.model")
                                && !c.getPackageName().startsWith("io.jthanos.model.")
                                && !c.getPackageName().equals("io.jthanos.storage")
                                && !c.getPackageName().equals("io.jthanos.tsdb.chunkenc")))
                .check(promql);
    }

    @Test
    void parserDoesNotDependOnTheEngine() {
        noClasses().that().resideInAPackage("io.jthanos.promql.parser..")
                .should().dependOnClassesThat().resideInAPackage("io.jthanos.promql.engine..")
                .check(promql);
    }
}
