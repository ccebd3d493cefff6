package org.mdmenroll.command.apple.accountdriven;

import org.mdmenroll.command.apple.profile.AccountDrivenMode;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.UserDirectory;
import org.mdmenroll.events.UserId;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * Who may enroll through account-driven enrollment: a user an admin allowed it, whose Managed Apple
 * ID is in the tenant's host domain, while the tenant has it enabled; and in which mode, the one
 * home of that rule: the user's own mode if the admin gave one, else the tenant's (USER, user
 * enrollment of a personal device, unless the tenant chose DEVICE).
 */
@Component
class AccountDrivenUsers {

    private final UserDirectory users;

    AccountDrivenUsers(UserDirectory users) {
        this.users = users;
    }

    /** The mode a user enrolls in: the user's own, else the tenant's. */
    AccountDrivenMode modeOf(TenantEntry tenant, UserId userId) {
        return AccountDrivenMode.of(users.accountDrivenMode(userId).orElse(tenant.accountDrivenMode()));
    }

    /**
     * The mode the discovery offers for a user-identifier: that of the user allowed with this Managed
     * Apple ID, else the tenant's (the discovery tells nobody whether such a user exists).
     */
    AccountDrivenMode modeOf(TenantEntry tenant, String managedAppleId) {
        return users.byManagedAppleId(tenant.tenantId(), managedAppleId).map(userId -> modeOf(tenant, userId))
                .orElseGet(() -> AccountDrivenMode.of(tenant.accountDrivenMode()));
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
