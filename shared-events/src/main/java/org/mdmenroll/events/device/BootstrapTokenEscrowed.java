package org.mdmenroll.events.device;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** A Mac escrowed its bootstrap token (kept only sealed); {@code sealedToken} null: the Mac removed it. */
@Revision("1")
public record BootstrapTokenEscrowed(DeviceId deviceId, TenantId tenantId, String sealedToken)
        implements DeviceEvent, TenantEvent {

    public boolean escrowed() {
        return sealedToken != null;
    }

    @Override
    public String toString() {
        return "BootstrapTokenEscrowed[" + deviceId + ", escrowed=" + escrowed() + "]";
    }
}
