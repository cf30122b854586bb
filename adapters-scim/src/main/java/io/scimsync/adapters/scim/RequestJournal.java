package io.scimsync.adapters.scim;

/**
 * Where every exchange is reported (metrics, the sync log). Called on the transport's threads
 * once per attempt, and once per request withheld by dry run; must be fast and must not throw.
 * Entries carry no secret: URLs and bodies are redacted before they get here.
 */
@FunctionalInterface
public interface RequestJournal {
  void record(JournalEntry entry);

  /** A journal that drops everything. */
  static RequestJournal none() {
    return entry -> { };
  }
}
