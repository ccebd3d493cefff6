package org.mdmenroll.support.problem;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefusalTest {

    /** A property named like an RFC 9457 member would put a second "status" (etc.) in the document. */
    @Test
    void aPropertyMayNotUseAnRfc9457MemberName() {
        for (String reserved : new String[] {"type", "title", "status", "detail", "instance"}) {
            assertThatThrownBy(() -> new Refusal(Refusal.Kind.CONFLICT, "some-conflict", "Refused.",
                    Map.of(reserved, "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(reserved);
        }
    }

    @Test
    void otherPropertiesAreKept() {
        Refusal refusal = new Refusal(Refusal.Kind.CONFLICT, "device-status-conflict", "Refused.",
                Map.of("deviceStatus", "PENDING"));
        assertThat(refusal.properties()).containsEntry("deviceStatus", "PENDING");
    }
}
