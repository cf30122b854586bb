/**
 * PostgreSQL through jOOQ: the directory, connections, change feed, providers and sync log of
 * scimsync, with Flyway migrations as the schema's truth and an embedded PostgreSQL by default.
 * Every store blocks on JDBC: call it on a dedicated executor, never on an actor's dispatcher.
 * {@code .jooq} holds the generated classes and is never imported outside this module.
 */
package io.scimsync.adapters.persistence;
