package org.mdmenroll.command.apple.accountdriven;

import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;

/** Where a tenant's account-driven enrollment lives, under its host domain. */
final class AccountDrivenUrls {

    private AccountDrivenUrls() {
    }

    /** The enrollment endpoint; {@code /adde} or {@code /byod} is appended. */
    static String enrollBase(TenantEntry tenant) {
        return "https://" + tenant.hostDomain() + "/t/" + tenant.slug() + "/account-driven/enroll";
    }

    /** The sign-in page the device opens in its web authentication session. */
    static String signIn(TenantEntry tenant) {
        return "https://" + tenant.hostDomain() + "/t/" + tenant.slug() + "/account-driven/sign-in";
    }
}
