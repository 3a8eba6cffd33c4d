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
import io.axoniq.axonserver.connector.AxonServerException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.common.AxonException;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.serialization.Revision;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /**
     * No module's packages form a cycle: its features depend one way. E.g. the gateway's socket layer uses relay,
     * catch-up, typing and presence, which reach sockets through gateway.connection; the query side's sync feed's
     * writer is a feature of its own (query.feed). The contract's packages are left out: their names are stored in
     * every event's type, and a conversation's message and a medium refer to each other by id.
     */
    @Test
    void noModuleHasPackageCycles() {
        slices().matching("io.parley.(*).(*)..").namingSlices("$1.$2")
                .should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("io.parley.api.."), resideInAPackage("io.parley.api.."))
                .check(PARLEY);
    }

    /**
     * The problem+json answers are the platform's ({@code *Problems}: Axon's failures, unreadable bodies, the rest); a
     * module's own advice answers its own failures for its own endpoints only, and leaves Axon's to the platform.
     */
    @Test
    void problemAnswersAreThePlatformsPlumbing() {
        classes().that().haveSimpleNameEndingWith("Problems")
                .should().resideInAPackage("io.parley.platform..")
                .check(PARLEY);
        classes().that().areMetaAnnotatedWith(ControllerAdvice.class)
                .and().resideOutsideOfPackage("io.parley.platform..")
                .should(beScopedToTheirOwnModule())
                .check(PARLEY);
        methods().that().areAnnotatedWith(ExceptionHandler.class)
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("io.parley.platform..")
                .should(handleNoneOf(Set.of(CompletionException.class, AxonException.class,
                        AxonServerException.class, org.axonframework.axonserver.connector.AxonServerException.class,
                        Exception.class, Throwable.class)))
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

    private static ArchCondition<JavaClass> beScopedToTheirOwnModule() {
        return new ArchCondition<>("be scoped (basePackages) to packages of their own module") {
            @Override
            public void check(JavaClass advice, ConditionEvents events) {
                String module = advice.getPackageName().split("\\.")[2];
                List<String> scope = advice.getAnnotations().stream()
                        .filter(annotation -> annotation.getRawType().isEquivalentTo(RestControllerAdvice.class)
                                || annotation.getRawType().isEquivalentTo(ControllerAdvice.class))
                        .flatMap(annotation -> Stream.of("basePackages", "value")
                                .flatMap(property -> annotation.get(property).stream()))
                        .flatMap(packages -> Arrays.stream((String[]) packages))
                        .toList();
                boolean ok = !scope.isEmpty() && scope.stream()
                        .allMatch(name -> (name + ".").startsWith("io.parley." + module + "."));
                events.add(new SimpleConditionEvent(advice, ok, advice.getName() + " is scoped to " + scope));
            }
        };
    }

    private static ArchCondition<JavaMethod> handleNoneOf(Set<Class<?>> platformsFailures) {
        return new ArchCondition<>("handle none of " + platformsFailures.stream().map(Class::getName).sorted().toList()) {
            @Override
            public void check(JavaMethod handler, ConditionEvents events) {
                List<JavaClass> handled = new ArrayList<>(handler.getRawParameterTypes());
                handler.getAnnotations().stream()
                        .filter(annotation -> annotation.getRawType().isEquivalentTo(ExceptionHandler.class))
                        .flatMap(annotation -> Stream.of("value", "exception")
                                .flatMap(property -> annotation.get(property).stream()))
                        .forEach(types -> handled.addAll(Arrays.asList((JavaClass[]) types)));
                for (JavaClass type : handled) {
                    if (platformsFailures.stream().anyMatch(type::isEquivalentTo)) {
                        events.add(SimpleConditionEvent.violated(handler, handler.getFullName() + " handles "
                                + type.getName() + ", which the platform's AxonProblems answers"));
                    }
                }
            }
        };
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
