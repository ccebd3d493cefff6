package org.mdmenroll.command.apple.accountdriven;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.mdmenroll.command.apple.profile.PublicUrls;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service discovery of Apple's account-driven enrollment: a device whose user signs in with
 * {@code user@domain} asks {@code https://<domain>/.well-known/com.apple.remotemanagement} where to
 * enroll. The domain is a tenant's host domain, where its Managed Apple IDs live.
 */
@RestController
@Tag(name = "Account-driven enrollment", description = "Apple's account-driven enrollment: discovery, sign-in, profile.")
public class AccountDrivenDiscoveryController {

    /** The error code Apple's ErrorWellKnownFailed schema requires in a 403 body. */
    static final String WELL_KNOWN_FAILED = "com.apple.well-known.failed";

    private final TenantDirectory tenants;
    private final AccountDrivenUsers users;
    private final PublicUrls urls;

    public AccountDrivenDiscoveryController(TenantDirectory tenants, AccountDrivenUsers users, PublicUrls urls) {
        this.tenants = tenants;
        this.users = users;
        this.urls = urls;
    }

    public record Server(String Version, String BaseURL) {
    }

    public record Discovery(List<Server> Servers) {
    }

    @GetMapping(path = "/.well-known/com.apple.remotemanagement", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Account-driven enrollment discovery: where a user@domain enrolls",
            description = "Answers one server, as Apple asks (the device uses the first): user enrollment (mdm-byod) "
                    + "or account-driven device enrollment (mdm-adde), as the tenant's mode (default USER) or the "
                    + "user's own mode says; a personal device is never offered device enrollment. A domain that is "
                    + "no tenant's, or a tenant without account-driven enrollment, gets Apple's documented 403 body "
                    + "{code: com.apple.well-known.failed}, as JSON. 400 invalid-user-identifier (problem+json) "
                    + "without user@domain.")
    public ResponseEntity<?> discover(@RequestParam(name = "user-identifier", required = false) String userIdentifier,
            @RequestParam(name = "model-family", required = false) String modelFamily) {
        if (userIdentifier == null || userIdentifier.lastIndexOf('@') <= 0
                || userIdentifier.lastIndexOf('@') == userIdentifier.length() - 1) {
            throw Refusal.invalid("invalid-user-identifier", "user-identifier must be user@domain.");
        }
        String domain = userIdentifier.substring(userIdentifier.lastIndexOf('@') + 1);
        Optional<TenantEntry> tenant = tenants.findByHostDomain(domain);
        if (tenant.isEmpty()) {
            return refused("No organisation enrolls devices for " + domain + ".");
        }
        if (!tenant.get().accountDrivenEnrollmentEnabled()) {
            return refused("Account-driven enrollment is not enabled for " + domain + ".");
        }
        String base = urls.tenantPath(tenant.get(), AccountDrivenEnrollmentController.ENROLL);
        Server server = switch (users.modeOf(tenant.get(), userIdentifier)) {
            case ADDE -> new Server("mdm-adde", base + "/adde");
            case BYOD -> new Server("mdm-byod", base + "/byod");
        };
        return ResponseEntity.ok(new Discovery(List.of(server)));
    }

    /** Apple's ErrorWellKnownFailed: the device shows {@code message}; {@code description} is for logs. */
    private static ResponseEntity<Map<String, Object>> refused(String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", WELL_KNOWN_FAILED);
        body.put("description", description);
        body.put("message", "This account cannot enroll this device. Contact your IT administrator.");
        body.put("status", 403);
        body.put("type", "https://mdmenroll.org/problems/well-known-failed");
        return ResponseEntity.status(403).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
