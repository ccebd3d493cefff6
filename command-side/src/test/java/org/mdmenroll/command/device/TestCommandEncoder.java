package org.mdmenroll.command.device;

import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.Platform;

import java.util.Map;

/**
 * The encoder port as the aggregate's tests see it: the request type is the request's name (Apple's
 * RemoveProfile for RemoveManagement), the "sealed" command names platform and request so a test can
 * tell which one it was. The real encoding is {@code MdmCommandEncoding}'s, tested on its own.
 */
final class TestCommandEncoder implements MdmCommandEncoder {

    @Override
    public EncodedCommand encode(TenantId tenantId, Platform platform, MdmRequest request) {
        String name = request.getClass().getSimpleName();
        String requestType = platform.isApple() && request instanceof MdmRequest.RemoveManagement ? "RemoveProfile" : name;
        Map<String, String> parameters = request instanceof MdmRequest.EraseDevice erase && erase.pin() != null
                ? Map.of("PIN", "set") : Map.of();
        return new EncodedCommand(requestType, parameters, sealed(platform, requestType));
    }

    static String sealed(Platform platform, String requestType) {
        return "sealed:" + platform + ":" + requestType;
    }
}
