package org.mdmenroll.events.credential;

import java.util.List;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** Apple accepted assigning licences of the app or book adamId to the serial numbers under the VPP token; appleEventId follows Apple's asynchronous work. */
@Revision("1")
public record VppLicensesAssigned(CredentialId credentialId, TenantId tenantId, String adamId, List<String> serialNumbers, String appleEventId) implements CredentialEvent, TenantEvent {
}
