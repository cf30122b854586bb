/** PostgreSQL through jOOQ and Flyway, embedded by default (issue 5). Filled by a later issue. */
package io.scimsync.adapters.persistence;
