package io.scimsync.app.api;

/**
 * The answer to a reconcile request (202).
 *
 * @param alreadyRunning true if one was requested or running: the request joined it
 */
public record ReconcileAccepted(String provider, boolean alreadyRunning) {}
