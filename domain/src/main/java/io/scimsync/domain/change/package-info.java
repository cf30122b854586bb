/**
 * Change detection on a normalised projection of what is written (fixes W11): multi-valued
 * attributes compare as sets keyed by {@code value}, so removed keys and removed list items are
 * changes too, and the patches that write them.
 */
package io.scimsync.domain.change;
