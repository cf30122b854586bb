/** End-to-end tests and the benchmark: app + real PostgreSQL + scim-testkit servers. Filled by a later issue. */
package io.scimsync.it;
