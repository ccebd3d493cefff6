package org.mdmenroll.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies one Android enrollment token (the one in a provisioning QR code). */
public record EnrollmentTokenId(UUID value) {

    public EnrollmentTokenId {
        Objects.requireNonNull(value, "value");
    }

    public static EnrollmentTokenId random() {
        return new EnrollmentTokenId(UUID.randomUUID());
    }

    @JsonCreator
    public static EnrollmentTokenId of(String value) {
        return new EnrollmentTokenId(UUID.fromString(value));
    }

    /** The UUID alone: Axon uses an identifier's toString as the aggregate id. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
