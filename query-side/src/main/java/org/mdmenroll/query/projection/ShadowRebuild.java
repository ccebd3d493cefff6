package org.mdmenroll.query.projection;

/**
 * A projection that a rebuild must not empty while it runs (the accounts the service authenticates
 * against): its reset handler starts a shadow copy, the replay fills the shadow while the live rows
 * keep answering, and {@link ProjectionRebuilder} calls {@link #swap()} once the replay reached the
 * newest event, which puts the shadow in place in one transaction.
 */
public interface ShadowRebuild {

    /** The processing group rebuilt through a shadow. */
    String processingGroup();

    /** Replaces the live rows with the rebuilt ones, in one transaction. */
    void swap();
}
