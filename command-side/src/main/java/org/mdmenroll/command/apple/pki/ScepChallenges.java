package org.mdmenroll.command.apple.pki;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The one-time SCEP challenges of downloaded profiles: made here, put in clear only into the
 * profile, and known afterwards only by their SHA-256, which finds the device entry a CSR's
 * challengePassword belongs to. Kept from {@link EnrollmentProfileDownloaded} in its transaction.
 */
@Component
@ProcessingGroup("scep-challenges")
public class ScepChallenges {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    public ScepChallenges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** 192 random bits, URL-safe base64: fits any SCEP client's challengePassword. */
    public static String newChallenge() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the challenge, lower-case hex: all that is ever stored of it. */
    public static String hash(String challenge) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(challenge.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The device entry of the tenant whose download carried this challenge, if any did. */
    public Optional<DeviceId> deviceOf(TenantId tenantId, String challengeHash) {
        return jdbc.sql("select device_id from scep_challenge where challenge_hash = ? and tenant_id = ?")
                .params(challengeHash, tenantId.value())
                .query((rs, row) -> new DeviceId(rs.getObject("device_id", UUID.class))).optional();
    }

    @EventHandler
    void on(EnrollmentProfileDownloaded event) {
        if (event.challengeHash() != null) {
            remember(event.challengeHash(), event.tenantId(), event.deviceId(), event.profileId());
        }
    }

    /** A renewal profile's challenge identifies its device the same way. */
    @EventHandler
    void on(IdentityCertificateRenewalRequested event) {
        remember(event.challengeHash(), event.tenantId(), event.deviceId(), event.profileId());
    }

    private void remember(String challengeHash, TenantId tenantId, DeviceId deviceId, java.util.UUID profileId) {
        jdbc.sql("""
                        insert into scep_challenge (challenge_hash, tenant_id, device_id, profile_id)
                        values (?, ?, ?, ?)""")
                .params(challengeHash, tenantId.value(), deviceId.value(), profileId)
                .update();
    }
}
