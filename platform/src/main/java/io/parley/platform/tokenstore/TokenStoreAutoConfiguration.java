package io.parley.platform.tokenstore;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.lifecycle.Phase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The application's token store (the shared JDBC one of query-side and media) establishes its identifier at start,
 * before anything else asks for it: the processors when they start ({@link Phase#INBOUND_EVENT_CONNECTORS}) and Axon
 * Server's processor control when it registers them ({@link Phase#INSTRUCTION_COMPONENTS}), neither of which
 * survives another node creating it at the same moment (see TokenStoreIdentifier).
 */
@AutoConfiguration
@ConditionalOnClass({ConfigurerModule.class, TokenStore.class})
public class TokenStoreAutoConfiguration {

    /** Just before the processors start. */
    static final int PHASE = Phase.INBOUND_EVENT_CONNECTORS - 1;

    @Bean
    ConfigurerModule tokenStoreIdentifierAtStart(ObjectProvider<TokenStore> tokenStore,
                                                 ObjectProvider<TransactionManager> transactions) {
        return configurer -> configurer.onStart(PHASE, () -> tokenStore.ifUnique(store ->
                TokenStoreIdentifier.establishAtStart(store, transactions.getIfUnique(NoTransactionManager::instance))));
    }
}
