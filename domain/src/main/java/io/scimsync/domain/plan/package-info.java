/** Planning of group membership PATCHes: deltas, member objects, chunking by vendor limits. */
package io.scimsync.domain.plan;
