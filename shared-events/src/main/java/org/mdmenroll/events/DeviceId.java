package org.mdmenroll.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies one device entry (an enrollment of one piece of hardware). */
public record DeviceId(UUID value) {

    public DeviceId {
        Objects.requireNonNull(value, "value");
    }

    public static DeviceId random() {
        return new DeviceId(UUID.randomUUID());
    }

    @JsonCreator
    public static DeviceId of(String value) {
        return new DeviceId(UUID.fromString(value));
    }

    /** The UUID alone: Axon uses an identifier's toString as the aggregate id. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
