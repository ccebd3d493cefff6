package org.mdmenroll.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies an operator, admin or auditor account. */
public record AccountId(UUID value) {

    public AccountId {
        Objects.requireNonNull(value, "value");
    }

    public static AccountId random() {
        return new AccountId(UUID.randomUUID());
    }

    @JsonCreator
    public static AccountId of(String value) {
        return new AccountId(UUID.fromString(value));
    }

    /** The UUID alone: Axon uses an identifier's toString as the aggregate id. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
