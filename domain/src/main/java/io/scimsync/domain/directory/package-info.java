/** The local directory as the engine sees it: users, groups and memberships keyed by the caller's ids. */
package io.scimsync.domain.directory;
