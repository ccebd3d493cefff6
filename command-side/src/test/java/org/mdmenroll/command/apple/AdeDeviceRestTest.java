package org.mdmenroll.command.apple;

import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mdmenroll.command.apple.ade.TestAppleDevices;
import org.mdmenroll.command.credential.AppleTokenSamples;
import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.mdmenroll.support.testing.apple.SignedProfile;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ADE story tests share on top of {@link AppleDeviceRestTest}: a test "Apple" device chain
 * the service is told to trust ({@code mdm.ade.trusted-roots}), devices posting their signed
 * MachineInfo, SCEP and check-in as Setup Assistant and the MDM client do them, the command channel,
 * the tenant's ADE token, and what was recorded.
 */
abstract class AdeDeviceRestTest extends AppleDeviceRestTest {

    protected static final TestAppleDevices APPLE = new TestAppleDevices("Test Apple");
    private static final String PKCS7 = "application/pkcs7-signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What an ADE story's context needs: its own database (the delivery saga and the sync schedule
     * act on deadlines no other test's context may run), Apple's push service, Apple Business Manager
     * and the test "Apple" device chain as the trusted root.
     */
    protected static void registerAdeStory(org.springframework.test.context.DynamicPropertyRegistry registry,
            org.mdmenroll.support.testing.TestPostgres.Database database,
            org.mdmenroll.support.testing.apple.MockApns apns,
            org.mdmenroll.command.credential.FakeAppleBusinessManager abm) {
        org.mdmenroll.support.testing.TestPostgres.registerSeparate(registry, database);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 8);
        apns.register(registry);
        registry.add("mdm.apple.device-assignment.base-url", abm::baseUrl);
        registry.add("mdm.ade.trusted-roots", APPLE::rootPemFile);
    }

    /** The tenant's push topic, set by the test before devices enroll. */
    protected String topic;

    // ---- the device ------------------------------------------------------------------------------

    protected static String udid() {
        return "00008120-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    }

    protected static byte[] iphone(String serial, String udid, String osVersion, boolean canUpdate) {
        return APPLE.signed(TestAppleDevices.machineInfo(serial, udid, "iPhone16,2", "22E240", osVersion, canUpdate));
    }

    protected ResponseEntity<byte[]> post(byte[] body) {
        return post(body, MediaType.parseMediaType(PKCS7));
    }

    protected ResponseEntity<byte[]> post(byte[] body, MediaType contentType) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(contentType);
        return rest.exchange("/t/" + acme + "/ade/enroll", HttpMethod.POST, new HttpEntity<>(body, headers), byte[].class);
    }

    protected ResponseEntity<byte[]> signIn(String deviceInfo, String email, String password, String language) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("deviceinfo", deviceInfo);
        form.add("email", email);
        form.add("password", password);
        return rest.exchange("/t/" + acme + "/ade/sign-in", HttpMethod.POST, new HttpEntity<>(form, headers), byte[].class);
    }

    /** SCEP with the profile's challenge, then Authenticate and TokenUpdate as the device's MDM client sends them. */
    protected AppleDevice enroll(String deviceId, SignedProfile profile, String udid, String serial,
            boolean awaitingConfiguration) {
        AppleDevice scep = installProfile(acme, profile, deviceId);
        AppleDevice iphone = new AppleDevice(deviceId, udid, serial, scep.identity());
        checkIn(acme, iphone, CheckInPlists.authenticate(udid, serial, topic, "18.4"));
        checkIn(acme, iphone, CheckInPlists.plist("""
                <key>MessageType</key><string>TokenUpdate</string>
                <key>UDID</key><string>%s</string>
                <key>Topic</key><string>%s</string>
                <key>Token</key><data>%s</data>
                <key>PushMagic</key><string>magic-%s</string>
                <key>AwaitingConfiguration</key><%s/>
                """.formatted(udid, topic, Base64.getEncoder().encodeToString(HexFormat.of().parseHex("c3".repeat(32))),
                UUID.randomUUID(), awaitingConfiguration)));
        return iphone;
    }

    protected record Answer(String commandUuid, NSDictionary command, String body) {
        String requestType() {
            return command == null ? null : command.objectForKey("RequestType").toJavaObject().toString();
        }
    }

    protected Answer connect(AppleDevice device, byte[] plist) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Mdm-Signature", device.identity().sign(plist));
        ResponseEntity<byte[]> response = rest.exchange("/t/" + acme + "/mdm/server", HttpMethod.PUT,
                new HttpEntity<>(plist, headers), byte[].class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        String body = response.getBody() == null ? "" : new String(response.getBody(), StandardCharsets.UTF_8);
        if (body.isEmpty()) {
            return new Answer(null, null, body);
        }
        try {
            NSDictionary answer = (NSDictionary) PropertyListParser.parse(response.getBody());
            return new Answer(answer.objectForKey("CommandUUID").toJavaObject().toString(),
                    (NSDictionary) answer.objectForKey("Command"), body);
        } catch (Exception e) {
            throw new AssertionError("not a command plist: " + body, e);
        }
    }

    // ---- the tenant ------------------------------------------------------------------------------

    protected String adeToken(String tenant) {
        String publicKey = adminText(tenant, "/api/apple/ade/public-key");
        ResponseEntity<JsonNode> uploaded = adminUpload(tenant, "/api/apple/ade/tokens", "token", "token.p7m",
                AppleTokenSamples.p7m(publicKey, Instant.now().plus(Duration.ofDays(300))),
                Map.of("appleId", "mdm@" + tenant + ".example.com"));
        assertThat(uploaded.getStatusCode().is2xxSuccessful()).as(String.valueOf(uploaded.getBody())).isTrue();
        return uploaded.getBody().path("tokenId").asText();
    }

    /** The tenant's entries of this serial, oldest first. */
    protected List<String> entryOf(String serial) {
        return jdbc.sql("""
                        select e.device_id::text from device_entry e
                        join device_identifier i on i.device_id = e.device_id
                        join tenant_directory t on t.tenant_id = e.tenant_id
                        where t.slug = ? and i.kind = 'serial' and upper(i.value) = ? order by e.started_at""")
                .params(acme, serial).query(String.class).list();
    }

    protected List<JsonNode> refusals() {
        return jdbc.sql("""
                        select convert_from(d.payload, 'UTF8') from eventstore.domainevententry d
                        join tenant_directory t on d.aggregateidentifier = t.tenant_id::text
                        where t.slug = ? and d.payloadtype like '%.AdeEnrollmentRefused' order by d.sequencenumber""")
                .param(acme).query(String.class).list().stream().map(AdeDeviceRestTest::json).toList();
    }

    protected void assertRefused(ResponseEntity<byte[]> response, int status, String type) {
        assertThat(response.getStatusCode().value()).as(text(response)).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(json(text(response)).path("type").asText()).endsWith("/" + type);
    }

    protected static String text(ResponseEntity<byte[]> response) {
        return response.getBody() == null ? "" : new String(response.getBody(), StandardCharsets.UTF_8);
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
