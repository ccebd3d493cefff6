package org.mdmenroll.query.projection;

/** Where a projection's rebuild stands: never run here, running, finished or given up. */
public enum RebuildStatus {
    /** No rebuild has run since this instance started. */
    IDLE,
    /** The projection was cleared and is being replayed from the first event. */
    REBUILDING,
    /** Every segment reached the event that was the newest when the rebuild started. */
    DONE,
    /** The rebuild stopped before it was done; {@code error} says why. */
    FAILED
}
