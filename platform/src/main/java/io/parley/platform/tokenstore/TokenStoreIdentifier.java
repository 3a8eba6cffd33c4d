package io.parley.platform.tokenstore;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The token store's storage identifier, established once at start. A JDBC token store keeps it in a row of the token
 * table ({@code __config}) that the first node to ask inserts; nodes starting together on a fresh table all insert
 * it, and every one but the first fails on the primary key (AxonFramework#4802, fixed upstream after 4.13). The row
 * exists once that insert fails, so asking again, in a new transaction (PostgreSQL aborts the failed one), reads it.
 */
final class TokenStoreIdentifier {

    static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(TokenStoreIdentifier.class);
    /** SQLState class 23, integrity constraint violation: here the {@code __config} row another node inserted first. */
    private static final String CONSTRAINT_VIOLATION = "23";

    private TokenStoreIdentifier() {
    }

    /**
     * At start: the store's identifier, asked for as {@link #establish} does; empty, after a warning, when the store
     * cannot answer for another reason (its database down, say), which the processors then meet as they did before.
     */
    static Optional<String> establishAtStart(TokenStore tokenStore, TransactionManager transactions) {
        try {
            return establish(tokenStore, transactions);
        } catch (RuntimeException e) {
            log.warn("The token store's identifier could not be established at start; the processors will ask again", e);
            return Optional.empty();
        }
    }

    /** Asks the store for its identifier, each attempt in a transaction of its own, again while another node made it. */
    static Optional<String> establish(TokenStore tokenStore, TransactionManager transactions) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.fetchInTransaction(tokenStore::retrieveStorageIdentifier);
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !madeMeanwhile(e)) {
                    throw e;
                }
                log.info("The token store's identifier was being created by another node at the same time: reading it");
            }
        }
    }

    private static boolean madeMeanwhile(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(CONSTRAINT_VIOLATION)) {
                return true;
            }
        }
        return false;
    }
}
