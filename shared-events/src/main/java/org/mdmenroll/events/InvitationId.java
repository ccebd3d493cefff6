package org.mdmenroll.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies one invitation sent to a user. */
public record InvitationId(UUID value) {

    public InvitationId {
        Objects.requireNonNull(value, "value");
    }

    public static InvitationId random() {
        return new InvitationId(UUID.randomUUID());
    }

    @JsonCreator
    public static InvitationId of(String value) {
        return new InvitationId(UUID.fromString(value));
    }

    /** The UUID alone: Axon uses an identifier's toString as the aggregate id. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
