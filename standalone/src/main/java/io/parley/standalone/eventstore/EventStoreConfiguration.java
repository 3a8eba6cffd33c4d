package io.parley.standalone.eventstore;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.sqlite.SQLiteConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The standalone event store: Axon's JDBC storage on SQLite files under {@code <data-dir>/eventstore}
 * ({@link EventStoreFiles}): the events, appended through a group commit and read without a transaction (WAL readers
 * see committed data and never block the writer), and the processors' tracking tokens through Axon's JDBC token store.
 * Axon's embedded event store is in front, with a cache of {@code parley.event-store.cached-events} for the tracking
 * processors. Command handling itself needs no database transaction (its only write is the append), so the command
 * bus runs without one.
 */
@org.springframework.context.annotation.Configuration
class EventStoreConfiguration {

    @Bean(destroyMethod = "close")
    EventStoreFiles eventStoreFiles(@Value("${parley.data-dir}") Path dataDir,
                                    @Value("${parley.event-store.synchronous:NORMAL}") SQLiteConfig.SynchronousMode synchronous) {
        return EventStoreFiles.open(dataDir.resolve("eventstore"), synchronous);
    }

    @Bean
    EventStoreCopy eventStoreCopy(EventStoreFiles files) {
        return new EventStoreCopy(files.events(), files.tokens());
    }

    /**
     * The token file, as the application's one DataSource: Spring Boot's transaction manager on it is the one Axon's
     * event processors commit their tokens with. A transaction takes a connection (and so the file's write lock) only
     * at its first statement, not while the processor's handlers run.
     */
    @Bean
    DataSource dataSource(EventStoreFiles files) {
        return new LazyConnectionDataSourceProxy(files.tokens());
    }

    @Bean
    TokenStore tokenStore(DataSource dataSource, Serializer serializer,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return new SqliteTokenStore(JdbcTokenStore.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .serializer(serializer)
                .schema(EventTables.TOKENS)
                .claimTimeout(claimTimeout)
                .contentType(byte[].class));
    }

    @Bean(destroyMethod = "close")
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Configuration configuration, EventStoreFiles files,
                                          @Value("${parley.event-store.max-commit-batch:256}") int maxBatch) {
        DataSource events = files.events();
        JdbcEventStorageEngine jdbc = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(new SqliteDuplicateKeys())
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(new SpringDataSourceConnectionProvider(events))
                .transactionManager(NoTransactionManager.instance())
                .schema(EventTables.EVENTS)
                .dataType(byte[].class)
                .lastSequenceNumberFor(SqliteStatements::lastSequenceNumberFor)
                .createTailToken(SqliteStatements::createTailToken)
                .createHeadToken(SqliteStatements::createHeadToken)
                .createTokenAt(SqliteStatements::createTokenAt)
                .fetchTrackedEvents(SqliteStatements::fetchTrackedEvents)
                .build();
        return new GroupCommitEventStorageEngine(jdbc,
                new SpringTransactionManager(new DataSourceTransactionManager(events)), maxBatch);
    }

    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                  @Value("${parley.event-store.cached-events}") int cachedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(cachedEvents)
                .build();
    }

    @Bean
    @Qualifier("localSegment")
    CommandBus commandBus(Configuration configuration, DuplicateCommandHandlerResolver duplicateCommandHandlerResolver) {
        SimpleCommandBus commandBus = SimpleCommandBus.builder()
                .transactionManager(NoTransactionManager.instance())
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .messageMonitor(configuration.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        commandBus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(configuration.correlationDataProviders()));
        return commandBus;
    }
}
