package io.scimsync.domain;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The domain is plain Java and sans-I/O: it plans requests and consumes replies, and never opens a
 * socket, a file, a database connection or a thread itself. Ports hand results back as
 * {@code CompletionStage}s, which is all of {@code java.util.concurrent} the domain may name.
 */
@AnalyzeClasses(packages = "io.scimsync.domain",
    importOptions = {ImportOption.DoNotIncludeTests.class,
        DomainPurityTest.DoNotIncludeTestClassesOfAnyBuildDirectory.class})
class DomainPurityTest {

  /**
   * {@link ImportOption.DoNotIncludeTests} only knows {@code target/test-classes}; parallel local
   * builds put test classes under e.g. {@code target-x/test-classes} ({@code -Dbuild.dir.name}).
   */
  public static final class DoNotIncludeTestClassesOfAnyBuildDirectory implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/");
    }
  }

  @ArchTest
  static final ArchRule domain_is_plain_java = classes().should().onlyDependOnClassesThat()
      .resideInAnyPackage("java..", "io.scimsync.domain..")
      .because("the domain must run and be tested without any framework");

  private static final DescribedPredicate<JavaClass> NETWORKING =
      resideInAPackage("java.net..")
          .and(not(nameMatching("java\\.net\\.(URI|URISyntaxException|URLEncoder|URLDecoder|IDN)")))
          .as("are networking classes of java.net (sockets, URL connections, java.net.http)");

  @ArchTest
  static final ArchRule domain_does_no_network_io = noClasses().should().dependOnClassesThat(NETWORKING)
      .orShould().dependOnClassesThat().resideInAPackage("java.nio.channels..")
      .because("the engine is sans-I/O: adapters send its requests and hand it the replies");

  @ArchTest
  static final ArchRule domain_does_no_database_io = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("java.sql..", "javax.sql..")
      .because("the engine is sans-I/O: persistence is an adapter behind a port");

  private static final DescribedPredicate<JavaClass> FILES =
      resideInAPackage("java.io").and(simpleNameStartingWith("File"))
          .or(nameMatching("java\\.io\\.RandomAccessFile"))
          .as("are java.io.File*");

  @ArchTest
  static final ArchRule domain_does_no_file_io = noClasses().should().dependOnClassesThat(FILES)
      .orShould().dependOnClassesThat().resideInAPackage("java.nio.file..")
      .because("the engine is sans-I/O: configuration and state reach it as values");

  @ArchTest
  static final ArchRule domain_writes_nothing_to_the_console =
      GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

  @ArchTest
  static final ArchRule domain_starts_no_threads_or_processes = noClasses().should()
      .dependOnClassesThat(nameMatching("java\\.lang\\.(Thread|ThreadGroup|ProcessBuilder|Process)(\\$.*)?")
          .as("are java.lang.Thread, ThreadGroup, Process or ProcessBuilder"))
      .because("a run is driven by one owner (an actor, a test) on the owner's thread");

  @ArchTest
  static final ArchRule domain_uses_no_executors = noClasses().should()
      .dependOnClassesThat(nameMatching("java\\.util\\.concurrent\\."
          + "(Executor|ScheduledExecutor|ThreadPoolExecutor|ScheduledThreadPoolExecutor|ForkJoinPool).*")
          .as("are java.util.concurrent.Executor* or thread pools"))
      .because("scheduling belongs to the actors that drive the engine");

  @ArchTest
  static final ArchRule only_ports_name_java_util_concurrent = noClasses()
      .that().resideOutsideOfPackage("io.scimsync.domain.port..")
      .should().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
      .because("engine runs are single-owner state machines; only port methods return CompletionStages");

  @ArchTest
  static final ArchRule ports_name_only_completion_stage = noClasses()
      .that().resideInAPackage("io.scimsync.domain.port..")
      .should().dependOnClassesThat(resideInAPackage("java.util.concurrent..")
          .and(not(nameMatching("java\\.util\\.concurrent\\.CompletionStage")))
          .as("are java.util.concurrent classes other than CompletionStage"))
      .because("a port returns a CompletionStage and leaves how it completes to the adapter")
      .allowEmptyShould(true);

  @ArchTest
  static void importsTheMainClasses_andNoTestClasses(JavaClasses imported) {
    assertThat(imported.contain("io.scimsync.domain.model.ScimGroup")).isTrue();
    assertThat(imported.contain("io.scimsync.domain.engine.ReplyClassifier")).isTrue();
    assertThat(imported.contain(DomainPurityTest.class)).isFalse();
    assertThat(imported.stream().map(JavaClass::getSimpleName)).noneMatch(name -> name.endsWith("Test"));
  }
}
