package org.mdmenroll.events.mdm;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

import java.util.List;

/**
 * The device could not carry the command out: Status Error with its ErrorChain, or CommandFormatError
 * (it could not read the command). The command is over; it is not sent again.
 */
@Revision("1")
public record MdmCommandFailed(DeviceId deviceId, TenantId tenantId, String commandUuid, String requestType,
                               Failure failure, List<MdmError> errorChain) implements DeviceEvent, TenantEvent, RefusalEvent {

    public enum Failure { ERROR, COMMAND_FORMAT_ERROR }
}
