package org.mdmenroll.events;

/** An event that records a refused or failed attempt (wrong PIN, refused token, undelivered push). */
public interface RefusalEvent {
}
