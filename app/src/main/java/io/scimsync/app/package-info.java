/** The daemon: Pekko Typed provider actors, admin API, CLI, demo, fat jar (issue 6). Filled by a later issue. */
package io.scimsync.app;
