package org.mdmenroll.bench.seed;

/** One row of Axon's {@code domainevententry} as the services store it (payload and metadata as JSON bytes). */
public record StoredEvent(String eventId, String aggregateId, long sequence, String aggregateType, String timestamp,
                          String payloadType, byte[] payload, byte[] metadata) {
}
