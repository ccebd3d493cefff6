package org.mdmenroll.command.apple.accountdriven;

import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.UserDirectory;
import org.mdmenroll.events.UserId;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * Who may enroll through account-driven enrollment: a user an admin allowed it, whose Managed Apple
 * ID is in the tenant's host domain, while the tenant has it enabled.
 */
@Component
class AccountDrivenUsers {

    private final UserDirectory users;

    AccountDrivenUsers(UserDirectory users) {
        this.users = users;
    }

    /** The user's Managed Apple ID, or 403. */
    String requireAllowed(TenantEntry tenant, UserId userId) {
        if (!tenant.accountDrivenEnrollmentEnabled()) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "account-driven-enrollment-disabled",
                    "Account-driven enrollment is not enabled for this organisation.");
        }
        return users.managedAppleId(userId)
                .filter(appleId -> appleId.toLowerCase(Locale.ROOT).endsWith("@" + tenant.hostDomain()))
                .orElseThrow(() -> new Refusal(Refusal.Kind.FORBIDDEN, "account-driven-enrollment-not-allowed",
                        "This user may not enroll devices through account-driven enrollment."));
    }
}
