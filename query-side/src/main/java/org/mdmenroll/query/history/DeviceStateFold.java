package org.mdmenroll.query.history;

import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.AndroidAgentRegistered;
import org.mdmenroll.events.device.BootstrapTokenEscrowed;
import org.mdmenroll.events.device.DeviceActionRequested;
import org.mdmenroll.events.device.DeviceActionReverted;
import org.mdmenroll.events.device.DeviceAuthenticated;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceEntrySuperseded;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceReEnrollmentRequired;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.DeviceUserChannelEnrolled;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentNudgeSent;
import org.mdmenroll.events.device.EnrollmentNudgesStopped;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.ManualCaCertificatesRemoved;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefused;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.mdmenroll.events.device.MdmPushFailed;
import org.mdmenroll.events.device.MdmPushSent;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.mdm.DeviceConnected;
import org.mdmenroll.events.mdm.DeviceInformationReported;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.events.mdm.MdmCommandAcknowledged;
import org.mdmenroll.events.mdm.MdmCommandCancelled;
import org.mdmenroll.events.mdm.MdmCommandFailed;
import org.mdmenroll.events.mdm.MdmCommandNotNow;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.mdmenroll.events.mdm.MdmCommandSent;
import org.mdmenroll.events.mdm.MdmUnexpectedResult;
import org.mdmenroll.events.mdm.SecurityInfoReported;
import org.mdmenroll.query.device.CertificateRenewal;
import org.mdmenroll.query.device.DeviceProjection;
import org.mdmenroll.query.device.DeviceReports;
import org.mdmenroll.query.device.DeviceStep;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Folds a device entry's events into its state at a moment, with the statuses and steps of
 * {@link DeviceStatus#after} and {@link DeviceStep#after}, as {@link DeviceProjection} records them.
 * A pure function: no store, no clock (what is derived from the time is derived at {@code asOf}).
 */
public final class DeviceStateFold {

    /** One event of the entry with the time it was stored. */
    public record TimedEvent(Object event, Instant timestamp) {

        public TimedEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    private DeviceStateFold() {
    }

    /**
     * The entry's state at {@code asOf}: its events, in sequence order, are applied up to the first
     * one stored after {@code asOf} (an event stored at exactly {@code asOf} counts). Stopping at the
     * first later event, rather than skipping it, keeps the result a state the entry really had even
     * if clocks disagreed. Events of types it does not know count as applied but change nothing.
     */
    public static DeviceStateAt stateAt(DeviceId deviceId, Instant asOf, List<TimedEvent> events) {
        Objects.requireNonNull(asOf, "asOf");
        State state = new State();
        for (TimedEvent timed : events) {
            if (timed.timestamp().isAfter(asOf)) {
                break;
            }
            state.apply(timed.event(), timed.timestamp());
        }
        return state.toView(deviceId, asOf);
    }

    /** The accumulator; never leaves this class. */
    private static final class State {
        int eventsApplied;
        Instant lastEventAt;
        TenantId tenantId;
        DeviceStatus status;
        DeviceStep lastStep;
        Platform platform;
        String osVersion;
        EnrollmentMethod method;
        UserId userId;
        Boolean accountDriven;
        String enrolledUser;
        String serialNumber;
        String udid;
        String imei;
        String enterpriseSpecificId;
        String hardwareId;
        String pushChannel;
        Instant profileValidUntil;
        DeviceId supersededBy;
        Instant manualCaCertificatesRemovedAt;
        String reEnrollmentRequired;
        String model;
        String deviceName;
        Instant mdmPushTokenUpdatedAt;
        Instant lastMdmPushAt;
        String lastMdmPush;
        Instant identityCertificateNotAfter;
        String identityCertificateRefused;
        int nudgeCount;
        Instant lastNudgeAt;
        String nudgesStopped;
        Instant startedAt;
        Instant enrolledAt;
        String managementMode;
        int pendingCommands;
        Instant lastConnectAt;
        String modelName;
        String productName;
        String buildVersion;
        String meid;
        Double deviceCapacityGb;
        Double availableCapacityGb;
        Boolean supervised;
        Boolean activationLockEnabled;
        String wifiMac;
        String bluetoothMac;
        Instant inventoryReportedAt;
        DeviceSecurity security;
        Instant securityReportedAt;
        String lastActionReverted;
        String lastActionFailure;
        Instant lastActionRevertedAt;
        boolean bootstrapTokenEscrowed;
        Instant certificateRenewalRequestedAt;

        void apply(Object event, Instant at) {
            eventsApplied++;
            lastEventAt = at;
            DeviceStatus.after(event).ifPresent(after -> status = after);
            DeviceStep.after(event).ifPresent(after -> lastStep = after);
            if (event instanceof EnrollmentStarted e) {
                tenantId = e.tenantId();
                platform = e.platform();
                osVersion = e.osVersion();
                method = e.method();
                userId = e.userId();
                accountDriven = false;
                HardwareIdentity identity = identityOf(e.identity());
                serialNumber = identity.serialNumber();
                udid = identity.udid();
                imei = identity.imei();
                enterpriseSpecificId = identity.enterpriseSpecificId();
                hardwareId = identity.primary();
                pushChannel = channel(e.pushChannel());
                startedAt = at;
            } else if (event instanceof EnrollmentProfileDownloaded e) {
                profileValidUntil = e.validUntil();
            } else if (event instanceof DeviceEnrolled e) {
                enrolledAt = at;
                enrolledUser = e.enrolledUser();
                accountDriven = e.accountDriven();
            } else if (event instanceof DeviceReEnrolled e) {
                managementMode = null;
                userId = e.userId();
                osVersion = e.osVersion();
                method = e.method();
                pushChannel = channel(e.pushChannel());
                profileValidUntil = null;
                supersededBy = null;
                reEnrollmentRequired = null;
                bootstrapTokenEscrowed = false;
                certificateRenewalRequestedAt = null;
                HardwareIdentity identity = identityOf(e.identity());
                serialNumber = firstKnown(identity.serialNumber(), serialNumber);
                udid = firstKnown(identity.udid(), udid);
                imei = firstKnown(identity.imei(), imei);
                enterpriseSpecificId = firstKnown(identity.enterpriseSpecificId(), enterpriseSpecificId);
                hardwareId = firstKnown(identity.primary(), hardwareId);
            } else if (event instanceof DeviceEntrySuperseded e) {
                supersededBy = e.supersededBy();
            } else if (event instanceof AndroidAgentRegistered e) {
                managementMode = e.managementMode().name();
            } else if (event instanceof ManualCaCertificatesRemoved) {
                manualCaCertificatesRemovedAt = at;
            } else if (event instanceof DeviceReEnrollmentRequired e) {
                reEnrollmentRequired = e.reason();
            } else if (event instanceof DeviceAuthenticated e) {
                HardwareIdentity reported = DeviceReports.identity(e.serialNumber(), e.udid(), null);
                serialNumber = firstKnown(reported.serialNumber(), serialNumber);
                udid = firstKnown(reported.udid(), udid);
                hardwareId = firstKnown(hardwareId, reported.primary());
                osVersion = firstKnown(DeviceReports.osVersion(e.osVersion()), osVersion);
                model = DeviceReports.model(e.productName(), e.model());
                deviceName = DeviceReports.deviceName(e.deviceName());
                modelName = firstKnown(e.modelName(), modelName);
                productName = firstKnown(e.productName(), productName);
                buildVersion = firstKnown(e.buildVersion(), buildVersion);
            } else if (event instanceof DeviceInformationReported e) {
                inventory(e.inventory(), at);
            } else if (event instanceof SecurityInfoReported e) {
                security = e.security();
                securityReportedAt = at;
            } else if (event instanceof DeviceActionRequested) {
                lastActionReverted = null;
                lastActionFailure = null;
                lastActionRevertedAt = null;
            } else if (event instanceof DeviceActionReverted e) {
                lastActionReverted = DeviceReports.reverted(e);
                lastActionFailure = e.detail();
                lastActionRevertedAt = at;
            } else if (event instanceof MdmCommandQueued) {
                pendingCommands++;
            } else if (event instanceof MdmCommandAcknowledged || event instanceof MdmCommandFailed) {
                pendingCommands--;
                lastConnectAt = at;
            } else if (event instanceof MdmCommandCancelled) {
                pendingCommands--;
            } else if (event instanceof MdmCommandSent || event instanceof MdmCommandNotNow
                    || event instanceof MdmUnexpectedResult || event instanceof DeviceConnected) {
                lastConnectAt = at;
            } else if (event instanceof DeviceUserChannelEnrolled e) {
                enrolledUser = firstKnown(e.userShortName(), e.userGuid());
            } else if (event instanceof MdmPushTokenUpdated) {
                mdmPushTokenUpdatedAt = at;
            } else if (event instanceof MdmPushSent) {
                lastMdmPushAt = at;
                lastMdmPush = "sent";
            } else if (event instanceof MdmPushFailed e) {
                lastMdmPushAt = at;
                lastMdmPush = e.reason();
            } else if (event instanceof IdentityCertificateIssued e) {
                identityCertificateNotAfter = e.notAfter();
                identityCertificateRefused = null;
                certificateRenewalRequestedAt = null;
            } else if (event instanceof IdentityCertificateRenewalRequested) {
                certificateRenewalRequestedAt = at;
            } else if (event instanceof BootstrapTokenEscrowed e) {
                bootstrapTokenEscrowed = e.escrowed();
            } else if (event instanceof IdentityCertificateRefused e) {
                identityCertificateRefused = e.reason().name();
            } else if (event instanceof EnrollmentNudgeSent) {
                nudgeCount++;
                lastNudgeAt = at;
                nudgesStopped = null;
            } else if (event instanceof EnrollmentNudgesStopped e) {
                nudgesStopped = e.reason().name();
            }
            // any other type is one this service does not know yet: the entry's state stays as it is
        }

        /** As the device list keeps it: what the device did not answer keeps what was known. */
        private void inventory(DeviceInventory inventory, Instant at) {
            HardwareIdentity reported = DeviceReports.identity(inventory.serialNumber(), inventory.udid(),
                    inventory.imei());
            serialNumber = firstKnown(reported.serialNumber(), serialNumber);
            udid = firstKnown(reported.udid(), udid);
            imei = firstKnown(reported.imei(), imei);
            hardwareId = firstKnown(hardwareId, reported.primary());
            osVersion = firstKnown(DeviceReports.osVersion(inventory.osVersion()), osVersion);
            model = firstKnown(DeviceReports.model(inventory.productName(), inventory.model()), model);
            deviceName = firstKnown(DeviceReports.deviceName(inventory.deviceName()), deviceName);
            modelName = firstKnown(inventory.modelName(), modelName);
            productName = firstKnown(inventory.productName(), productName);
            buildVersion = firstKnown(inventory.buildVersion(), buildVersion);
            meid = firstKnown(inventory.meid(), meid);
            deviceCapacityGb = firstKnown(inventory.deviceCapacityGb(), deviceCapacityGb);
            availableCapacityGb = firstKnown(inventory.availableCapacityGb(), availableCapacityGb);
            supervised = firstKnown(inventory.supervised(), supervised);
            activationLockEnabled = firstKnown(inventory.activationLockEnabled(), activationLockEnabled);
            wifiMac = firstKnown(inventory.wifiMac(), wifiMac);
            bluetoothMac = firstKnown(inventory.bluetoothMac(), bluetoothMac);
            inventoryReportedAt = at;
        }

        DeviceStateAt toView(DeviceId deviceId, Instant asOf) {
            return new DeviceStateAt(deviceId, tenantId, asOf, eventsApplied > 0, status, lastStep, platform,
                    osVersion, method, userId, accountDriven, enrolledUser, serialNumber, udid, imei,
                    enterpriseSpecificId, hardwareId, pushChannel, profileValidUntil, supersededBy,
                    manualCaCertificatesRemovedAt, reEnrollmentRequired, model, deviceName, mdmPushTokenUpdatedAt,
                    lastMdmPushAt, lastMdmPush, identityCertificateNotAfter, identityCertificateRefused, nudgeCount,
                    lastNudgeAt, nudgesStopped, startedAt, enrolledAt, eventsApplied, lastEventAt, managementMode,
                    pendingCommands, lastConnectAt, modelName, productName, buildVersion, meid, deviceCapacityGb,
                    availableCapacityGb, supervised, activationLockEnabled, wifiMac, bluetoothMac,
                    inventoryReportedAt, security, securityReportedAt, lastActionReverted, lastActionFailure,
                    lastActionRevertedAt, bootstrapTokenEscrowed, certificateRenewalRequestedAt,
                    CertificateRenewal.overdue(status, identityCertificateNotAfter, asOf));
        }
    }

    private static HardwareIdentity identityOf(HardwareIdentity identity) {
        return identity == null ? HardwareIdentity.UNKNOWN : identity;
    }

    private static String channel(PushChannel channel) {
        return channel == null || channel.type() == null ? null : channel.type().name();
    }

    private static <T> T firstKnown(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
