package org.mdmenroll.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.mdmenroll.command.credential.AppleTestCertificates;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.support.testing.TestPostgres;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the command side's REST integration tests share: a fresh PostgreSQL database, two tenants
 * per test ({@link #acme}, {@link #globex}) with an admin each, and calls as operator, admin or
 * anonymous device.
 */
public abstract class CommandSideRestTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
    }

    @Autowired
    protected TestRestTemplate rest;
    @Autowired
    protected JdbcClient jdbc;

    protected final String run = UUID.randomUUID().toString().substring(0, 8);
    protected final String acme = "acme-" + run;
    protected final String globex = "globex-" + run;

    /** Creates both tenants and their admins; call from a {@code @BeforeEach}. */
    protected void createTenantsWithAdmins() {
        for (String slug : new String[]{acme, globex}) {
            assertThat(operator(HttpMethod.POST, "/api/tenants",
                    "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\",\"hostDomain\":\"" + slug + ".mdm.example.com\"}")
                    .getStatusCode().value()).isEqualTo(201);
            assertThat(operator(HttpMethod.POST, "/api/tenants/" + slug + "/accounts",
                    "{\"username\":\"" + slug + "-admin\",\"password\":\"admin-password-1\",\"role\":\"ADMIN\"}")
                    .getStatusCode().value()).isEqualTo(201);
        }
    }

    protected String createUser(String tenant, String email, String password) {
        String body = "{\"email\":\"" + email + "\",\"displayName\":\"Someone\""
                + (password == null ? "" : ",\"password\":\"" + password + "\"") + "}";
        ResponseEntity<JsonNode> response = admin(tenant, HttpMethod.POST, "/api/users", body);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return response.getBody().path("userId").asText();
    }

    protected JsonNode invite(String tenant, String userId) {
        ResponseEntity<JsonNode> response = admin(tenant, HttpMethod.POST, "/api/users/" + userId + "/invitations", null);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return response.getBody();
    }

    protected JsonNode login(String tenant, String email, String pin) {
        ResponseEntity<JsonNode> response = anonymous(HttpMethod.POST, "/t/" + tenant + "/go/login",
                "{\"email\":\"" + email + "\",\"pin\":\"" + pin + "\"}");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody();
    }

    /**
     * Installs an MDM push certificate for the tenant as Apple would issue it for the tenant's CSR
     * (enrollment profiles need its topic); answers the topic.
     */
    protected String uploadPushCertificate(String tenant) {
        return installPushCertificate(tenant, Instant.now().plus(Duration.ofDays(365))).topic();
    }

    protected long eventCount() {
        return jdbc.sql("select count(*) from eventstore.domainevententry").query(Long.class).single();
    }

    protected void assertProblem(ResponseEntity<JsonNode> response, int status, String type) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBody().path("type").asText()).isEqualTo("https://mdmenroll.org/problems/" + type);
    }

    protected ResponseEntity<JsonNode> operator(HttpMethod method, String path, String json) {
        return exchange(basic("test-operator", "test-operator-password"), method, path, json);
    }

    protected ResponseEntity<JsonNode> admin(String tenant, HttpMethod method, String path, String json) {
        return exchange(basic(tenant + "-admin", "admin-password-1"), method, path, json);
    }

    protected ResponseEntity<JsonNode> anonymous(HttpMethod method, String path, String json) {
        return exchange(new HttpHeaders(), method, path, json);
    }

    protected ResponseEntity<JsonNode> exchange(HttpHeaders headers, HttpMethod method, String path, String json) {
        if (json != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return rest.exchange(path, method, new HttpEntity<>(json, headers), JsonNode.class);
    }

    protected static HttpHeaders basic(String username, String password) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(username, password);
        return headers;
    }

    /** The push certificate Apple would issue for the tenant's CSR, uploaded by the tenant's admin. */
    protected AppleTestCertificates.Issued installPushCertificate(String tenant, Instant notAfter) {
        String csr = adminText(tenant, "/api/apple/push-certificate/csr");
        AppleTestCertificates.Issued issued = AppleTestCertificates.forCsr(csr, UUID.randomUUID(),
                Instant.now().minus(Duration.ofDays(1)), notAfter);
        ResponseEntity<JsonNode> uploaded = adminUpload(tenant, "/api/apple/push-certificate", "certificate",
                "MDM_Certificate.cer", issued.der(), Map.of());
        assertThat(uploaded.getStatusCode().value()).as(String.valueOf(uploaded.getBody())).isEqualTo(201);
        return issued;
    }

    /** What the tenant's admin GETs as text (a CSR, a public key), which must answer 200. */
    protected String adminText(String tenant, String path) {
        ResponseEntity<String> response = rest.exchange(path, HttpMethod.GET,
                new HttpEntity<>(basic(tenant + "-admin", "admin-password-1")), String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody();
    }

    /**
     * The tenant's admin posts a multipart form: {@code content} as the file {@code filename} in
     * the form's {@code part}, and {@code fields}.
     */
    protected ResponseEntity<JsonNode> adminUpload(String tenant, String path, String part, String filename,
                                                   byte[] content, Map<String, String> fields) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add(part, new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return filename;
            }
        });
        fields.forEach(parts::add);
        HttpHeaders headers = basic(tenant + "-admin", "admin-password-1");
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(parts, headers), JsonNode.class);
    }

    /** The tenant's admin posts a multipart form of several files (part name to content) and {@code fields}. */
    protected ResponseEntity<JsonNode> adminUploadFiles(String tenant, String path, Map<String, byte[]> files,
                                                        Map<String, String> fields) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        files.forEach((part, content) -> parts.add(part, new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return part + ".file";
            }
        }));
        fields.forEach(parts::add);
        HttpHeaders headers = basic(tenant + "-admin", "admin-password-1");
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(parts, headers), JsonNode.class);
    }

    /** A new user of the tenant with a password, logged in: the session token. */
    protected String userSession(String tenant) {
        String email = "pat-" + UUID.randomUUID().toString().substring(0, 6) + "@" + tenant + ".example.com";
        createUser(tenant, email, "pats-password-1");
        ResponseEntity<JsonNode> login = anonymous(HttpMethod.POST, "/t/" + tenant + "/go/login",
                "{\"email\":\"" + email + "\",\"password\":\"pats-password-1\"}");
        assertThat(login.getStatusCode().value()).isEqualTo(200);
        return login.getBody().path("sessionToken").asText();
    }

    /** The Bearer (JSON) headers of a new user's session, as {@link #userSession}. */
    protected HttpHeaders enrollingUser(String tenant) {
        HttpHeaders bearer = new HttpHeaders();
        bearer.setBearerAuth(userSession(tenant));
        bearer.setContentType(MediaType.APPLICATION_JSON);
        return bearer;
    }

    /** Starts enrolling an Apple device ({@code IOS} or {@code MACOS}) in the app; its entry's id. */
    protected DeviceId startAppleEnrollment(String tenant, HttpHeaders bearer, String platform, String osVersion) {
        ResponseEntity<JsonNode> started = rest.exchange("/t/" + tenant + "/enrollments", HttpMethod.POST,
                new HttpEntity<>("{\"platform\":\"" + platform + "\",\"osVersion\":\"" + osVersion
                        + "\",\"method\":\"IN_APP\"}", bearer), JsonNode.class);
        assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(201);
        return DeviceId.of(started.getBody().path("deviceId").asText());
    }

    /** The simple names of the entry's events, in order. */
    protected List<String> events(DeviceId device) {
        return events(device.toString());
    }

    protected List<String> events(String deviceId) {
        return jdbc.sql("select payloadtype from eventstore.domainevententry where aggregateidentifier = ?"
                        + " order by sequencenumber").param(deviceId).query(String.class).list()
                .stream().map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    /** Every stored payload of the entry, as text: to show a secret is not among them. */
    protected String storedPayloads(DeviceId device) {
        return storedPayloads(device.toString());
    }

    protected String storedPayloads(String deviceId) {
        return String.join("\n", jdbc.sql("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                + " where aggregateidentifier = ?").param(deviceId).query(String.class).list());
    }

    /** The entry's latest event of this type (simple name), as JSON. */
    protected JsonNode payload(String deviceId, String eventType) {
        String json = jdbc.sql("select convert_from(payload, 'UTF8') from eventstore.domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like ? order by sequencenumber desc limit 1")
                .params(deviceId, "%." + eventType).query(String.class).single();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
