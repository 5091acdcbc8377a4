package io.jthanos.cmd.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.jthanos.objstore.archfixture.BucketUsingCmd;
import io.jthanos.promql.archfixture.EngineUsingChunkenc;
import io.jthanos.promql.archfixture.EngineUsingIndex;
import io.jthanos.tsdb.chunkenc.archfixture.XorChunk;
import io.jthanos.tsdb.index.archfixture.IndexReader;
import org.junit.jupiter.api.Test;

/**
 * Enforces ARCHITECTURE.md's module layering on every production class of ours on the class
 * path (cmd depends on all modules, so all are here), and proves on synthetic classes that the
 * rules fail when broken.
 */
class ArchitectureTest {

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // test-jars of other modules (test-scoped here) are test code too
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.jthanos");

  @Test
  void productionCodeFollowsTheLayering() {
    assertThat(PRODUCTION.contain("io.jthanos.cmd.Main")).isTrue();
    assertThat(PRODUCTION.contain("io.jthanos.proto.storepb.SeriesRequest")).isTrue();
    for (ArchRule rule : JthanosArchitecture.rules()) {
      rule.check(PRODUCTION);
    }
  }

  @Test
  void promqlUsingTsdbIndexIsRejected() {
    JavaClasses classes = new ClassFileImporter().importClasses(EngineUsingIndex.class, IndexReader.class);
    ArchRule rule = JthanosArchitecture.mayOnlyUse(JthanosArchitecture.PROMQL,
        JthanosArchitecture.MODEL, JthanosArchitecture.STORAGE, JthanosArchitecture.CHUNKENC, JthanosArchitecture.PROMQL);

    assertThatThrownBy(() -> rule.check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("EngineUsingIndex")
        .hasMessageContaining("io.jthanos.tsdb.index.archfixture.IndexReader");
    assertThatThrownBy(() -> checkAll(classes)).isInstanceOf(AssertionError.class);
  }

  @Test
  void promqlUsingChunkencIsAllowed() {
    JavaClasses classes = new ClassFileImporter().importClasses(EngineUsingChunkenc.class, XorChunk.class);
    assertThatCode(() -> checkAll(classes)).doesNotThrowAnyException();
  }

  @Test
  void dependingOnCmdIsRejected() {
    JavaClasses classes =
        new ClassFileImporter().importClasses(BucketUsingCmd.class, io.jthanos.cmd.BuildInfo.class);
    assertThatThrownBy(() -> checkAll(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BucketUsingCmd");
  }

  private static void checkAll(JavaClasses classes) {
    for (ArchRule rule : JthanosArchitecture.rules()) {
      rule.check(classes);
    }
  }
}
