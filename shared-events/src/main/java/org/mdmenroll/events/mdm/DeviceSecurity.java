package org.mdmenroll.events.mdm;

/**
 * What SecurityInfo answered: passcode present and compliant, hardware encryption capabilities
 * (1 block, 2 file level, 3 both), and on macOS FileVault, System Integrity Protection and the
 * firewall; null where the device did not say.
 */
public record DeviceSecurity(Boolean passcodePresent, Boolean passcodeCompliant, Integer hardwareEncryptionCaps,
                             Boolean fileVaultEnabled, Boolean systemIntegrityProtectionEnabled,
                             Boolean firewallEnabled) {
}
