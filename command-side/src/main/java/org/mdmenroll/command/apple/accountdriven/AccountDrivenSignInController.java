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
import org.springframework.web.util.HtmlUtils;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The sign-in page of account-driven enrollment, shown by the device in its web authentication
 * session. Local and LDAP users sign in with password or PIN and acknowledge the privacy policy and
 * terms; the result goes back to the device as Apple's callback URL carrying the access token.
 */
@RestController
@Tag(name = "Account-driven enrollment")
public class AccountDrivenSignInController {

    /** Apple's callback of the web authentication session. */
    static final String CALLBACK = "apple-remotemanagement-user-login://authentication-results?access-token=";

    private final DeviceLogins logins;
    private final AccountDrivenUsers users;

    public AccountDrivenSignInController(DeviceLogins logins, AccountDrivenUsers users) {
        this.logins = logins;
        this.users = users;
    }

    @GetMapping(path = "/t/{tenant}/account-driven/sign-in", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "The sign-in page the device opens (user-identifier pre-fills the email)")
    public String page(@RequestParam(name = "user-identifier", required = false) String userIdentifier,
            TenantEntry tenant) {
        String name = HtmlUtils.htmlEscape(tenant.name());
        String email = userIdentifier == null ? "" : HtmlUtils.htmlEscape(userIdentifier);
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>Sign in to %1$s</title></head>
                <body>
                <h1>Sign in to %1$s</h1>
                <form method="post" action="/t/%2$s/account-driven/sign-in">
                  <p><label>Email <input type="email" name="email" value="%3$s" required></label></p>
                  <p><label>Password <input type="password" name="password" autocomplete="current-password"></label></p>
                  <p><label>or one-time PIN <input type="text" name="pin" inputmode="numeric" autocomplete="one-time-code"></label></p>
                  <h2>Your privacy matters</h2>
                  <p>%1$s will manage this device: it can see the device's model, serial number and OS version and
                  the apps and settings it installs, and can remove them. It cannot see your personal data.
                  By continuing you accept %1$s's privacy policy and terms of service.</p>
                  <p><label><input type="checkbox" name="acknowledged" value="true" required>
                  I acknowledge the privacy policy and the terms of service</label></p>
                  <p><button type="submit">Continue</button></p>
                </form>
                </body></html>
                """.formatted(name, HtmlUtils.htmlEscape(tenant.slug()), email);
    }

    @PostMapping(path = "/t/{tenant}/account-driven/sign-in", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "Sign in; answers 308 to apple-remotemanagement-user-login://authentication-results?access-token=…",
            description = "400 without the privacy/terms acknowledgement, 401 on wrong credentials (a wrong PIN counts "
                    + "towards the lock-out), 403 when the user may not enroll through account-driven enrollment.")
    public ResponseEntity<Void> signIn(@RequestParam(required = false) String email,
            @RequestParam(required = false) String password, @RequestParam(required = false) String pin,
            @RequestParam(required = false) String acknowledged, TenantEntry tenant) {
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
    }
}
