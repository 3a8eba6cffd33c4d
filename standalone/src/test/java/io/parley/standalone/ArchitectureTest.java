package io.parley.standalone;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.serialization.Revision;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The module boundaries and house rules, checked on the compiled code of every module. */
class ArchitectureTest {

    private static final JavaClasses PARLEY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.parley");

    @Test
    void modulesReachEachOtherOnlyThroughSharedApi() {
        slices().matching("io.parley.(*)..")
                .should().notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAPackage("io.parley.api.."))
                // the shared plumbing (problem answers, token wiring, metrics): there for every module to use
                .ignoreDependency(alwaysTrue(), resideInAPackage("io.parley.platform.."))
                .ignoreDependency(resideInAPackage("io.parley.standalone.."), alwaysTrue())
                .check(PARLEY);
    }

    /** The socket layer uses the features (relay, catch-up, typing, presence); they reach sockets through gateway.connection. */
    @Test
    void theGatewaysPackagesHaveNoCycles() {
        slices().matching("io.parley.gateway.(*)..")
                .should().beFreeOfCycles()
                .check(PARLEY);
    }

    /** The query side's features (conversation, history, sync, feed, ...) form no cycle; the sync feed's writer is its own feature. */
    @Test
    void theQuerySidesPackagesHaveNoCycles() {
        slices().matching("io.parley.query.(*)..")
                .should().beFreeOfCycles()
                .check(PARLEY);
    }

    @Test
    void sharedApiIsPlainJavaWithoutSpring() {
        noClasses().that().resideInAPackage("io.parley.api..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(PARLEY);
    }

    /** The contract holds no plumbing: no servlet, Axon configuration or connector, JWT, or io.parley.platform. */
    @Test
    void sharedApiIsTheContractWithoutPlumbing() {
        noClasses().that().resideInAPackage("io.parley.api..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "org.axonframework.config..",
                        "org.axonframework.spring..", "org.axonframework.axonserver..", "io.jsonwebtoken..",
                        "io.parley.platform..")
                .check(PARLEY);
    }

    /** The plumbing serves every service and knows none of them. */
    @Test
    void platformDependsOnNoServiceModule() {
        noClasses().that().resideInAPackage("io.parley.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.command..", "io.parley.query..",
                        "io.parley.media..", "io.parley.gateway..", "io.parley.standalone..")
                .check(PARLEY);
    }

    /**
     * The read models' store extends only mongo-java-server's abstract backend classes; H2 is read once, by the take-over
     * of an H2 event store, and by nothing else.
     */
    @Test
    void onlyTheEventStoreTakeOverTouchesH2() {
        noClasses().that().doNotHaveFullyQualifiedName("io.parley.standalone.eventstore.H2EventStoreUpgrade")
                .should().dependOnClassesThat().resideInAnyPackage("org.h2..", "de.bwaldvogel.mongo.backend.h2..",
                        "de.bwaldvogel.mongo.backend.memory..")
                .check(PARLEY);
    }

    @Test
    void aggregatesAndEndpointsStayPackagePrivate() {
        classes().that().areAnnotatedWith(Aggregate.class).or().areAnnotatedWith(RestController.class)
                .should().notBePublic()
                .check(PARLEY);
    }

    @Test
    void everyHandledEventIsARevisionedRecordOfTheSharedApi() {
        methods().that().areAnnotatedWith(EventSourcingHandler.class).or().areAnnotatedWith(EventHandler.class)
                .should(takeARevisionedSharedApiRecord())
                .check(PARLEY);
    }

    /** An aggregate decides from its own state and its command: it sends no queries while it holds its lock. */
    @Test
    void noAggregateSendsQueries() {
        noClasses().that().areAnnotatedWith(Aggregate.class)
                .should().transitivelyDependOnClassesThat().belongToAnyOf(QueryGateway.class, QueryBus.class)
                .check(PARLEY);
        codeUnits().that().areDeclaredInClassesThat().areAnnotatedWith(Aggregate.class)
                .and().areAnnotatedWith(CommandHandler.class)
                .should(takeNoResourceThatSendsQueries())
                .check(PARLEY);
    }

    /** The gateway's membership view comes from events; no query it sends is answered by the write model. */
    @Test
    void theGatewayDoesNotQueryTheCommandSide() {
        Set<JavaClass> answeredByTheCommandSide = PARLEY.stream()
                .filter(type -> type.getPackageName().startsWith("io.parley.command"))
                .flatMap(type -> type.getMethods().stream())
                .filter(method -> method.isAnnotatedWith(QueryHandler.class))
                .map(method -> method.getRawParameterTypes().get(0))
                .collect(Collectors.toSet());
        noClasses().that().resideInAPackage("io.parley.gateway..")
                .should().dependOnClassesThat(DescribedPredicate.describe("are queries the command side answers",
                        answeredByTheCommandSide::contains))
                .orShould().dependOnClassesThat().resideInAPackage("io.parley.command..")
                .check(PARLEY);
    }

    private static ArchCondition<JavaCodeUnit> takeNoResourceThatSendsQueries() {
        return new ArchCondition<>("take no parameter whose type, or an implementation of it, sends queries") {
            @Override
            public void check(JavaCodeUnit handler, ConditionEvents events) {
                for (JavaClass parameter : handler.getRawParameterTypes()) {
                    Set<JavaClass> candidates = new HashSet<>(parameter.getAllSubclasses());
                    candidates.add(parameter);
                    for (JavaClass candidate : candidates) {
                        boolean queries = candidate.getDirectDependenciesFromSelf().stream()
                                .anyMatch(dependency -> dependency.getTargetClass().isEquivalentTo(QueryGateway.class)
                                        || dependency.getTargetClass().isEquivalentTo(QueryBus.class));
                        if (queries) {
                            events.add(SimpleConditionEvent.violated(handler, handler.getFullName() + " takes "
                                    + parameter.getName() + ", and " + candidate.getName() + " sends queries"));
                        }
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaMethod> takeARevisionedSharedApiRecord() {
        return new ArchCondition<>("take a @Revision record from io.parley.api as first parameter") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                var event = method.getRawParameterTypes().get(0);
                boolean ok = event.isRecord() && event.getPackageName().startsWith("io.parley.api")
                        && event.isAnnotatedWith(Revision.class);
                events.add(new SimpleConditionEvent(method, ok, method.getFullName() + " handles " + event.getName()));
            }
        };
    }
}
