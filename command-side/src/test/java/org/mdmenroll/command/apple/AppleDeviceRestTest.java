package org.mdmenroll.command.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.support.testing.apple.CheckInSigner;
import org.mdmenroll.support.testing.apple.ScepTestClient;
import org.mdmenroll.support.testing.apple.SignedProfile;
import org.mdmenroll.events.DeviceId;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Apple protocol's REST tests share on top of {@link CommandSideRestTest}: a user of the
 * tenant with an enrollment session, an Apple device entry of that user, its signed profile, and
 * the stored events of the entry.
 */
public abstract class AppleDeviceRestTest extends CommandSideRestTest {

    /** A new device entry of the session's user: the device id. */
    protected String startedDevice(String tenant, String session, String platform) {
        String version = platform.equals("MACOS") ? "14.4" : "17.4";
        ResponseEntity<JsonNode> started = exchange(bearer(session), HttpMethod.POST, "/t/" + tenant + "/enrollments",
                "{\"platform\":\"" + platform + "\",\"osVersion\":\"" + version + "\",\"method\":\"IN_APP\"}");
        assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(201);
        return started.getBody().path("deviceId").asText();
    }

    protected ResponseEntity<byte[]> profileResponse(String tenant, String session, String deviceId) {
        return rest.exchange("/t/" + tenant + "/enrollments/" + deviceId + "/profile", HttpMethod.GET,
                new HttpEntity<>(bearer(session)), byte[].class);
    }

    /** Downloads the device's profile (200 expected) and reads it. */
    protected SignedProfile downloadProfile(String tenant, String session, String deviceId) {
        ResponseEntity<byte[]> response = profileResponse(tenant, session, deviceId);
        assertThat(response.getStatusCode().value())
                .as(() -> new String(response.getBody() == null ? new byte[0] : response.getBody(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(response.getHeaders().getContentType()).hasToString("application/x-apple-aspen-config");
        return SignedProfile.read(response.getBody());
    }

    /** An Apple device after SCEP: its entry, hardware and identity. */
    protected record AppleDevice(String id, String udid, String serial, CheckInSigner identity) {
    }

    /**
     * What iOS does when the profile is installed: reads the SCEP payload, fetches the CA from the
     * payload's URL, and asks for its identity certificate with the payload's challenge.
     */
    protected AppleDevice installProfile(String tenant, SignedProfile profile, String deviceId) {
        String scepPath = URI.create((String) SignedProfile.value(profile.scep(), "URL")).getPath();
        assertThat(scepPath).isEqualTo("/t/" + tenant + "/scep");
        X509Certificate ca = certificate(rest.getForEntity(scepPath + "?operation=GetCACert", byte[].class).getBody());
        ScepTestClient scep = new ScepTestClient(ca);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/x-pki-message"));
        ResponseEntity<byte[]> certRep = rest.exchange(scepPath + "?operation=PKIOperation", HttpMethod.POST,
                new HttpEntity<>(scep.pkcsReq("CN=" + deviceId, profile.challenge()).der(), headers), byte[].class);
        ScepTestClient.Reply reply = scep.read(certRep.getBody());
        assertThat(reply.success()).as("SCEP failInfo " + reply.failInfo()).isTrue();
        String udid = "00008120-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        return new AppleDevice(deviceId, udid, "F" + UUID.randomUUID().toString().substring(0, 10).toUpperCase(),
                new CheckInSigner(scep.keys.getPrivate(), reply.certificate()));
    }

    /** A signed check-in; 200 expected. */
    protected void checkIn(String tenant, AppleDevice device, byte[] plist) {
        ResponseEntity<String> response = checkInResponse(tenant, device, plist);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
    }

    protected ResponseEntity<String> checkInResponse(String tenant, AppleDevice device, byte[] plist) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/x-apple-aspen-mdm-checkin"));
        headers.set("Mdm-Signature", device.identity().sign(plist));
        return rest.exchange("/t/" + tenant + "/mdm/checkin", HttpMethod.PUT, new HttpEntity<>(plist, headers),
                String.class);
    }

    protected static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static HttpHeaders bearer(String session) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(session);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL));
        return headers;
    }
}
