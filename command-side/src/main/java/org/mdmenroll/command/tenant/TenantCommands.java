package org.mdmenroll.command.tenant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.android.WifiNetwork;
import org.mdmenroll.events.tenant.AdeEnrollmentRefusal;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.events.tenant.EnrollmentSettings;

import java.util.Map;

/** What can be asked of a tenant. */
public final class TenantCommands {

    private TenantCommands() {
    }

    public record CreateTenant(@TargetAggregateIdentifier TenantId tenantId, String slug, String name, String hostDomain) {
    }

    public record ChangeEnrollmentSettings(@TargetAggregateIdentifier TenantId tenantId, EnrollmentSettings settings) {
    }

    /** Answered with the new {@link EnrollmentUrl}. */
    public record GenerateEnrollmentUrl(@TargetAggregateIdentifier TenantId tenantId) {
    }

    /** Refused when the version is not the current one; changes nothing. */
    public record CheckEnrollmentUrl(@TargetAggregateIdentifier TenantId tenantId, int version) {
    }

    public record SetAccountDrivenEnrollment(@TargetAggregateIdentifier TenantId tenantId, boolean enabled) {
    }

    public record EnrollmentUrl(int version, String url) {
    }

    /** The lowest iOS and macOS versions ADE devices may enroll on; null or blank: none. Answered with the {@link MinimumOs} now in force. */
    public record SetMinimumOsVersions(@TargetAggregateIdentifier TenantId tenantId, String ios, String macos) {
    }

    public record MinimumOs(String ios, String macos) {
    }

    /** A device with a valid Apple signature was refused at the tenant's ADE endpoint: recorded for the audit trail. */
    public record RecordAdeEnrollmentRefusal(@TargetAggregateIdentifier TenantId tenantId, String serialNumber,
                                             String product, String osVersion, AdeEnrollmentRefusal reason,
                                             String requiredOsVersion) {
    }

    /**
     * The tenant's Android Enterprise provisioning settings, all of them. The signature checksum may
     * be hex or base64; the Wi-Fi password arrives in clear and is sealed before it is recorded.
     */
    public record ConfigureAndroidProvisioning(@TargetAggregateIdentifier TenantId tenantId, String adminComponentName,
                                               String packageDownloadLocation, String signatureChecksum,
                                               String wifiSsid, WifiNetwork.SecurityType wifiSecurityType,
                                               String wifiPassword, Map<String, String> adminExtras) {
        @Override
        public String toString() {
            return "ConfigureAndroidProvisioning[tenantId=" + tenantId + ", adminComponentName=" + adminComponentName
                    + ", wifiSsid=" + wifiSsid + "]";
        }
    }

    /** The enrollment app's APNs token-based auth; the .p8 key (PEM) arrives in clear and is stored only sealed. */
    public record ConfigureApnsAppPush(@TargetAggregateIdentifier TenantId tenantId, String keyId, String teamId,
                                       String topic, ApnsAppPushConfigured.Environment environment,
                                       String signingKeyPem) {
        @Override
        public String toString() {
            return "ConfigureApnsAppPush[tenantId=" + tenantId + ", keyId=" + keyId + ", topic=" + topic + "]";
        }
    }

    /** The Android enrollment app's FCM project; the service-account JSON arrives in clear and is stored only sealed. */
    public record ConfigureFcmAppPush(@TargetAggregateIdentifier TenantId tenantId, String projectId,
                                      String serviceAccountJson) {
        @Override
        public String toString() {
            return "ConfigureFcmAppPush[tenantId=" + tenantId + ", projectId=" + projectId + "]";
        }
    }
}
