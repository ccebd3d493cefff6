package org.mdmenroll.command.device;

/**
 * What the server can ask of a managed device, independent of how its platform is told: the Apple
 * MDM client gets a command plist, the Android agent a JSON command ({@link MdmCommandEncoder}).
 */
public sealed interface MdmRequest {

    /** The device's inventory: name, model, OS, serial, capacity, supervision... */
    record DeviceInformation() implements MdmRequest {
    }

    /** Passcode, encryption and (macOS) FileVault, SIP and firewall state. Apple only. */
    record SecurityInfo() implements MdmRequest {
    }

    record ProfileList() implements MdmRequest {
    }

    record CertificateList() implements MdmRequest {
    }

    record InstalledApplicationList() implements MdmRequest {
    }

    /** Lock the screen, with an optional message and phone number; {@code pin} (six digits) for a Mac. */
    record DeviceLock(String message, String phoneNumber, String pin) implements MdmRequest {
        @Override
        public String toString() {
            return "DeviceLock[message=" + message + ", phoneNumber=" + phoneNumber + ", pin=" + (pin != null) + "]";
        }
    }

    /** An ADE device that awaits configuration may leave the MDM step of Setup Assistant. Apple only. */
    record DeviceConfigured() implements MdmRequest {
    }

    record RestartDevice() implements MdmRequest {
    }

    record ShutDownDevice() implements MdmRequest {
    }

    /** Erase the device (wipe, reset); {@code pin} for Macs that need one, iOS may keep its data plan. */
    record EraseDevice(String pin, boolean preserveDataPlan, boolean disallowProximitySetup) implements MdmRequest {
        @Override
        public String toString() {
            return "EraseDevice[pin=" + (pin != null) + ", preserveDataPlan=" + preserveDataPlan + "]";
        }
    }

    /** Leave management: Apple removes the enrollment profile (and sends CheckOut), Android's agent removes itself. */
    record RemoveManagement() implements MdmRequest {
    }

    /** Install a signed profile (the renewed enrollment profile); {@code description} says which, for its history. */
    record InstallProfile(byte[] profile, String description) implements MdmRequest {
        @Override
        public String toString() {
            return "InstallProfile[" + description + "]";
        }
    }
}
