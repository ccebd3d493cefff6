package org.mdmenroll.support.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets never leave the history: removed by field name at any depth. */
class SecretFieldsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void secretNamesAtAnyDepthAreRemovedAndLookAlikesStay() throws Exception {
        JsonNode node = mapper.readTree("""
                {"deviceId": "d", "pinHash": "h", "passwordHash": "h", "pin": "1234", "PIN": "1",
                 "token": "t", "sessionToken": "s", "clientSecret": "c", "newPassword": "p",
                 "pinIncluded": true, "pinLength": 6, "pushTopic": "topic", "tokenId": "id",
                 "pushChannel": {"type": "APNS", "sealedToken": "sealed"},
                 "entries": [{"dn": "cn=x", "hash": "h"}, "plain"]}""");

        JsonNode cleaned = SecretFields.removeFrom(node);

        assertThat(cleaned).isSameAs(node);
        assertThat(fieldNames(cleaned)).containsExactly("deviceId", "pinIncluded", "pinLength", "pushTopic",
                "tokenId", "pushChannel", "entries");
        assertThat(fieldNames(cleaned.get("pushChannel"))).containsExactly("type");
        assertThat(fieldNames(cleaned.get("entries").get(0))).containsExactly("dn");
        assertThat(cleaned.get("entries").get(1).asText()).isEqualTo("plain");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
