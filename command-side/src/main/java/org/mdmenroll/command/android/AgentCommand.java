package org.mdmenroll.command.android;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One command as the Android agent receives it: the command's UUID (which its result names), the
 * request type (DeviceInformation, DeviceLock, EraseDevice, RemoveManagement, RestartDevice) and the
 * request's parameters, e.g. DeviceLock's {@code message} and {@code phoneNumber}; read from the
 * queued command, which is unsealed only for this answer.
 */
@Schema(description = "A command for the agent to carry out and answer with POST .../commands/{commandId}/result")
public record AgentCommand(String commandId, String requestType, Map<String, Object> parameters) {

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** The command from the agent JSON the encoder queued: {@code {"requestType": ..., ...parameters}}. */
    static AgentCommand of(String commandUuid, String command, ObjectMapper json) {
        LinkedHashMap<String, Object> parameters;
        try {
            parameters = json.readValue(command, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A queued Android command is not JSON", e);
        }
        Object requestType = parameters.remove("requestType");
        if (!(requestType instanceof String type)) {
            throw new IllegalStateException("A queued Android command names no request type");
        }
        return new AgentCommand(commandUuid, type, Collections.unmodifiableMap(parameters));
    }

    @Override
    public String toString() {
        return "AgentCommand[" + commandId + ", " + requestType + "]";
    }
}
