/** SCIM over HTTP on Pekko HTTP: auth, error mapping, rate limits, retries, dry run (issue 4). Filled by a later issue. */
package io.scimsync.adapters.scim;
