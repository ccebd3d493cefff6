package org.mdmenroll.command.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.push.PushCertificates;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.TenantId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demo mode on a real PostgreSQL: the demo tenant, its admin and auditor (who can sign in with the
 * passwords shown) and its demo push certificate, with which a user's device downloads a signed
 * enrollment profile; a second start changes nothing. (The test runs the setup itself, with demo
 * mode off for the context, so that it knows the generated passwords.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class DemoSetupIntegrationTest extends CommandSideRestTest {

    @Autowired
    private org.axonframework.commandhandling.gateway.CommandGateway commands;
    @Autowired
    private TenantDirectory tenants;
    @Autowired
    private org.springframework.security.crypto.password.PasswordEncoder passwordEncoder;
    @Autowired
    private java.time.Clock clock;
    @Autowired
    private PushCertificates pushCertificates;

    @Test
    void theDemoTenantItsAccountsAndItsPushCertificateLetADeviceDownloadItsProfile() {
        DemoSetup demo = new DemoSetup(commands, tenants, passwordEncoder, clock, "http://localhost:8080");
        DemoSetup.DemoAccounts accounts = demo.setUp();
        TenantId tenant = tenants.requireBySlug(DemoSetup.SLUG).tenantId();
        assertThat(pushCertificates.topicOf(tenant)).contains(accounts.topic());

        HttpHeaders admin = basic("demo-admin", accounts.adminPassword());
        admin.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> user = rest.exchange("/api/users", HttpMethod.POST, new HttpEntity<>(
                "{\"email\":\"dana@demo.mdm.example.com\",\"displayName\":\"Dana\",\"password\":\"danas-password-1\"}",
                admin), JsonNode.class);
        assertThat(user.getStatusCode().value()).as(String.valueOf(user.getBody())).isEqualTo(201);
        String session = anonymous(HttpMethod.POST, "/t/demo/go/login",
                "{\"email\":\"dana@demo.mdm.example.com\",\"password\":\"danas-password-1\"}").getBody()
                .path("sessionToken").asText();
        HttpHeaders bearer = new HttpHeaders();
        bearer.setBearerAuth(session);
        bearer.setContentType(MediaType.APPLICATION_JSON);
        String deviceId = rest.exchange("/t/demo/enrollments", HttpMethod.POST, new HttpEntity<>(
                "{\"platform\":\"IOS\",\"osVersion\":\"17.4\",\"method\":\"IN_APP\"}", bearer), JsonNode.class)
                .getBody().path("deviceId").asText();
        ResponseEntity<byte[]> profile = rest.exchange("/t/demo/enrollments/" + deviceId + "/profile", HttpMethod.GET,
                new HttpEntity<>(bearer), byte[].class);
        assertThat(profile.getStatusCode().value()).isEqualTo(200);
        assertThat(profile.getHeaders().getContentType()).hasToString("application/x-apple-aspen-config");

        assertThat(rest.exchange("/api/apple/push-certificate/csr", HttpMethod.GET,
                new HttpEntity<>(basic("demo-auditor", accounts.auditorPassword())), String.class)
                .getStatusCode().value()).as("the auditor signs in, but changes nothing").isEqualTo(403);

        long before = tenantEvents(tenant);
        demo.run(null);
        assertThat(tenantEvents(tenant)).as("a second start adds nothing to the tenant").isEqualTo(before);
        assertThat(pushCertificates.topicOf(tenant)).contains(accounts.topic());
    }

    private long tenantEvents(TenantId tenant) {
        return jdbc.sql("select count(*) from eventstore.domainevententry where aggregateidentifier = ?")
                .param(tenant.toString()).query(Long.class).single();
    }
}
