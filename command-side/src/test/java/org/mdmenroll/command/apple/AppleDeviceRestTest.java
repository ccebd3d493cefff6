package org.mdmenroll.command.apple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.support.testing.apple.SignedProfile;
import org.mdmenroll.events.DeviceId;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
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

    protected static HttpHeaders bearer(String session) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(session);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL));
        return headers;
    }
}
