package org.mdmenroll.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring's web logging at DEBUG or TRACE (which print every request and response body read or
 * written), an account, a user with a password, a PIN login, a new password, a password login and
 * an enrollment leave no password, PIN or session token in the log (issue 22, item 10).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
@ExtendWith(OutputCaptureExtension.class)
class SecretsInDebugLogsIntegrationTest extends CommandSideRestTest {

    private static final Pattern CLIENT_THREAD = Pattern.compile("\\[\\s*main\\]");

    @Test
    void loginPasswordPinAndEnrollmentLeaveNoSecretInADebugLog(CapturedOutput output) {
        // TRACE is DEBUG and more, and prints the bodies whole (DEBUG cuts them at 100 characters). Set
        // here and reset after, not as a property: Logback's levels outlive the context, other tests'
        // clients would log their own bodies.
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel("org.springframework.web", LogLevel.TRACE);
        try {
            loginPasswordPinAndEnrollment(output);
        } finally {
            logging.setLogLevel("org.springframework.web", null);
        }
    }

    private void loginPasswordPinAndEnrollment(CapturedOutput output) {
        createTenantsWithAdmins();
        List<String> secrets = new ArrayList<>(List.of("admin-password-1", "test-operator-password",
                "first-password-1", "second-password-2"));
        String email = "joe@" + acme + ".example.com";
        createUser(acme, "ann@" + acme + ".example.com", "first-password-1");
        String joe = createUser(acme, email, null);
        String pin = invite(acme, joe).path("pin").asText();
        secrets.add(pin);
        String pinSession = login(acme, email, pin).path("sessionToken").asText();
        secrets.add(pinSession);
        HttpHeaders bearer = new HttpHeaders();
        bearer.setBearerAuth(pinSession);
        bearer.setContentType(MediaType.APPLICATION_JSON);
        assertThat(rest.exchange("/t/" + acme + "/go/password", HttpMethod.POST,
                new HttpEntity<>("{\"password\":\"second-password-2\"}", bearer), JsonNode.class)
                .getStatusCode().value()).isEqualTo(204);
        ResponseEntity<JsonNode> passwordLogin = anonymous(HttpMethod.POST, "/t/" + acme + "/go/login",
                "{\"email\":\"" + email + "\",\"password\":\"second-password-2\"}");
        assertThat(passwordLogin.getStatusCode().value()).isEqualTo(200);
        String passwordSession = passwordLogin.getBody().path("sessionToken").asText();
        secrets.add(passwordSession);
        bearer.setBearerAuth(passwordSession);
        startAppleEnrollment(acme, bearer, "IOS", "17.4");

        // The server's lines only: the test's own client (TestRestTemplate, on the main thread) logs the
        // bodies it sends, which is not the server's log.
        String log = output.getAll().lines().filter(line -> !CLIENT_THREAD.matcher(line).find())
                .collect(Collectors.joining("\n"));
        assertThat(log).as("Spring's web logging prints the bodies")
                .contains("PasswordRequest[", "LoginResponse[", "InvitationResponse[", "CreateAccountRequest[");
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
        }
    }
}
