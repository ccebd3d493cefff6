package org.mdmenroll.command.apple.accountdriven;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.DeviceLogins;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The sign-in page of account-driven enrollment, shown by the device in its web authentication
 * session. Local and LDAP users sign in with password or PIN and acknowledge the privacy policy and
 * terms; the result goes back to the device as Apple's callback URL carrying the access token. A
 * failed attempt shows the page again with its reason, so the person can try again in the same sheet.
 */
@RestController
@Tag(name = "Account-driven enrollment")
public class AccountDrivenSignInController {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    /** Apple's callback of the web authentication session. */
    static final String CALLBACK = "apple-remotemanagement-user-login://authentication-results?access-token=";

    private final DeviceLogins logins;
    private final AccountDrivenUsers users;

    public AccountDrivenSignInController(DeviceLogins logins, AccountDrivenUsers users) {
        this.logins = logins;
        this.users = users;
    }

    @GetMapping(path = "/t/{tenant}/account-driven/sign-in", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "The sign-in page the device opens (user-identifier pre-fills the email), in Japanese or "
            + "English as Accept-Language asks")
    public String page(@RequestParam(name = "user-identifier", required = false) String userIdentifier,
            Locale locale, TenantEntry tenant) {
        return AccountDrivenSignInPage.render(tenant, locale, userIdentifier, null);
    }

    @PostMapping(path = "/t/{tenant}/account-driven/sign-in", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "Sign in; answers 308 to apple-remotemanagement-user-login://authentication-results?access-token=…",
            description = "A failed sign-in shows the page again (HTML, for the person in the device's web view) with "
                    + "the email kept and the reason: 401 for a wrong email, password or PIN (a wrong PIN counts "
                    + "towards the lock-out), 200 for a missing acknowledgement, a locked-out PIN, or a user who may "
                    + "not enroll through account-driven enrollment. The reason's problem type is the page's "
                    + "data-problem attribute. In Japanese or English, as Accept-Language asks.")
    public ResponseEntity<String> signIn(@RequestParam(required = false) String email,
            @RequestParam(required = false) String password, @RequestParam(required = false) String pin,
            @RequestParam(required = false) String acknowledged, Locale locale, TenantEntry tenant) {
        try {
            if (email == null || email.isBlank() || email.length() > 320) {
                throw Refusal.invalid("invalid-request", "Give the email you sign in with.");
            }
            if (!"true".equals(acknowledged)) {
                throw Refusal.invalid("acknowledgement-required",
                        "Acknowledge the privacy policy and the terms of service to continue.");
            }
            DeviceLogins.Login login = logins.logIn(tenant, email, password, pin);
            users.requireAllowed(tenant, login.userId());
            return ResponseEntity.status(HttpStatus.PERMANENT_REDIRECT)
                    .header(HttpHeaders.LOCATION, CALLBACK + URLEncoder.encode(login.sessionToken(), StandardCharsets.UTF_8))
                    .build();
        } catch (RuntimeException failure) {
            // The person is in the device's sign-in sheet: show the page again rather than end the flow.
            // (Behind a distributed command bus the refusal arrives wrapped.)
            Refusal refusal = Refusal.in(failure).orElseThrow(() -> failure);
            HttpStatus status = refusal.kind() == Refusal.Kind.UNAUTHORIZED ? HttpStatus.UNAUTHORIZED : HttpStatus.OK;
            String keptEmail = email == null || email.length() > 320 ? null : email;
            return ResponseEntity.status(status).contentType(HTML)
                    .body(AccountDrivenSignInPage.render(tenant, locale, keptEmail, refusal));
        }
    }

}
