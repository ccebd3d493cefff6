package org.mdmenroll.query.credential;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.MdmPushCertificateImported;
import org.mdmenroll.events.credential.MdmPushCertificateRenewed;
import org.mdmenroll.events.credential.MdmPushCertificateRequested;
import org.mdmenroll.events.credential.MdmPushCertificateUploaded;
import org.mdmenroll.events.credential.MdmPushTopicChanged;
import org.mdmenroll.query.QuerySideTest;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The credentials list: each step of a push certificate's year, with days left and status, per tenant. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CredentialQueriesIntegrationTest extends QuerySideTest {

    private static final String TOPIC = "com.apple.mgmt.External.2f2ab1c5-6d4f-4a6e-9b9e-0b3f4b7c1d2e";
    private static final String OTHER_TOPIC = "com.apple.mgmt.External.9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    private final TenantId acme = TenantId.random();
    private final CredentialId push = CredentialId.random();

    @Test
    void thePushCertificateShowsEachStepOfItsYear() {
        String admin = account("admin-" + run, Role.AUDITOR, acme);
        String other = account("other-" + run, Role.AUDITOR, TenantId.random());
        append(new MdmPushCertificateRequested(push, acme, "-----BEGIN CERTIFICATE REQUEST-----", "v1.sealed"));
        JsonNode pending = await(admin, c -> c.path("status").asText().equals("PENDING"));
        assertThat(pending.path("kind").asText()).isEqualTo("MDM_PUSH_CERTIFICATE");
        assertThat(pending.toString()).doesNotContain("sealed");

        Instant inAYear = Instant.now().plus(Duration.ofDays(365));
        append(new MdmPushCertificateUploaded(push, acme, TOPIC, "1a", inAYear, "pem", inAYear));
        JsonNode valid = await(admin, c -> c.path("status").asText().equals("VALID"));
        assertThat(valid.path("topic").asText()).isEqualTo(TOPIC);
        assertThat(valid.path("daysLeft").asLong()).isBetween(363L, 365L);

        Instant soon = Instant.now().plus(Duration.ofDays(20));
        append(new MdmPushCertificateRenewed(push, acme, TOPIC, "1b", soon, "pem", soon));
        append(new CredentialExpiryWarned(push, acme, CredentialKind.MDM_PUSH_CERTIFICATE, 30, soon));
        JsonNode expiring = await(admin, c -> c.path("lastWarningDaysLeft").asInt() == 30);
        assertThat(expiring.path("status").asText()).isEqualTo("EXPIRING");
        assertThat(expiring.path("lastRenewedAt").asText()).isNotEmpty();

        append(new CredentialExpired(push, acme, CredentialKind.MDM_PUSH_CERTIFICATE, soon));
        await(admin, c -> c.path("status").asText().equals("EXPIRED"));

        append(new MdmPushTopicChanged(push, acme, TOPIC, OTHER_TOPIC));
        append(new MdmPushCertificateRenewed(push, acme, OTHER_TOPIC, "1c", inAYear, "pem", inAYear));
        JsonNode changed = await(admin, c -> c.path("topic").asText().equals(OTHER_TOPIC));
        assertThat(changed.path("previousTopic").asText()).isEqualTo(TOPIC);
        assertThat(changed.path("status").asText()).isEqualTo("VALID");
        assertThat(changed.path("expiredAt").isMissingNode() || changed.path("expiredAt").isNull()).isTrue();

        assertThat(get("/api/credentials", other).getBody().path("items")).isEmpty();
    }

    @Test
    void aPushCertificateImportedWithoutAnyCsrIsShownWithItsTopicExpiryAndWhenItWasImported() {
        String admin = account("importer-" + run, Role.AUDITOR, acme);
        Instant notAfter = Instant.now().plus(Duration.ofDays(120));
        append(new MdmPushCertificateImported(push, acme, TOPIC, "2a", notAfter, "pem", "v1.sealed", notAfter));
        JsonNode imported = await(admin, c -> c.path("status").asText().equals("VALID"));
        assertThat(imported.path("kind").asText()).isEqualTo("MDM_PUSH_CERTIFICATE");
        assertThat(imported.path("topic").asText()).isEqualTo(TOPIC);
        assertThat(imported.path("importedAt").asText()).isNotEmpty();
        assertThat(imported.path("daysLeft").asLong()).isBetween(118L, 120L);
        assertThat(imported.toString()).doesNotContain("sealed");
    }

    private void append(Object event) {
        append("PushCertificate", push, event);
    }

    private JsonNode await(String username, Predicate<JsonNode> condition) {
        return awaitItem("/api/credentials", username, "credentialId", push, condition);
    }
}
